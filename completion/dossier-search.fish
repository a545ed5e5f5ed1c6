# SPDX-License-Identifier: MIT
# Fish completion for dossier-search. Installed in
# share/fish/vendor_completions.d/, which fish searches by command name.

# Query words are not file names.
complete -c dossier-search -f
complete -c dossier-search -s h -l help -d 'Print the options and exit'
complete -c dossier-search -l version -d 'Print the version and exit'
complete -c dossier-search -l db -x -a '(__fish_complete_directories)' -d 'Database folder (repeat to search several)'
# Any ISO 639-1 code or English name is accepted; these are the languages
# dossier stems or segments by dictionary.
set -l dossier_langs ar ca da de en es eu fi fr ga hu hy id it ja ko lt ms nb ne nl nn no pt ro ru sv ta th tr zh zh-Hant
complete -c dossier-search -l lang -x -a "$dossier_langs" -d 'Only documents in this language'
complete -c dossier-search -s f -l format -x -a 'text json jsonl csv paths paths0' -d 'Output format'
complete -c dossier-search -s n -l limit -x -d 'Number of results (default 10)'
complete -c dossier-search -l offset -x -d 'Skip this many results first'
complete -c dossier-search -l color -x -a 'auto always never' -d 'Bold titles and matched words'
complete -c dossier-search -l country -x -d 'Only documents about this country (code or name)'
complete -c dossier-search -l org -x -d 'Only documents naming this organisation'
complete -c dossier-search -l incident -x -d 'Only documents about this incident (id or alias)'
complete -c dossier-search -l actor -x -d 'Only documents naming this threat actor (id or alias)'
complete -c dossier-search -l no-inferred -d 'Leave out countries reached only through a threat actor'
complete -c dossier-search -l no-expand -d 'Take names in the query as words only'
complete -c dossier-search -l all-copies -d 'List and count every copy of a text, not one result per story'
complete -c dossier-search -l since -x -d 'Only documents dated on or after DATE'
complete -c dossier-search -l until -x -d 'Only documents dated on or before DATE'
complete -c dossier-search -l facets -x -d 'Count these facets over all matches' \
    -a '(__fish_complete_list , "string split \' \' \'country org incident actor lang year month format\'")'
complete -c dossier-search -l facet-limit -x -d 'Values shown per facet (default 10)'
complete -c dossier-search -l timeout -x -d 'Seconds each remote shard may take to answer (default 10)'
complete -c dossier-search -l allow-partial -d 'Search the remote shards that answer, naming those left out'
complete -c dossier-search -l display-lang -x -a "$dossier_langs" -d 'Language of country and language names'
complete -c dossier-search -l gazetteer -x -a '(__fish_complete_suffix .json)' -d 'Extra incidents and actors (gazetteer JSON)'
complete -c dossier-search -l explain -r -F -d 'Show which words gave document ID or PATH its facet values'
complete -c dossier-search -l show -r -F -d 'Print document KEY whole: metadata, facet values, text'
complete -c dossier-search -l like -r -F -d 'Rank documents like document KEY'
complete -c dossier-search -l sort -x -a 'relevance newest oldest' -d 'Order of the results'
complete -c dossier-search -l count -d 'Print only how many documents match'
complete -c dossier-search -l queries -r -F -d 'Run each line of FILE (- for stdin) as a query, JSON lines out'
complete -c dossier-search -l config -r -F -d 'Read option defaults from FILE'
complete -c dossier-search -l save -x -d 'Save the query and filters under NAME'
complete -c dossier-search -l saved -x -d 'Run the search saved as NAME'
complete -c dossier-search -l list-saved -d 'List the saved searches'
complete -c dossier-search -l forget -x -d 'Delete the saved search NAME'
complete -c dossier-search -l alerts -d 'What is new for every saved search since its last alerts run'
complete -c dossier-search -l changed -d 'With --alerts or --new-since: changed documents count too'
complete -c dossier-search -l new-since -x -d 'Only documents added by index run REV or later, since DATE, or by the last run'
