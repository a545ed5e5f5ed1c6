# SPDX-License-Identifier: MIT
# Fish completion for dossier-index. Installed in
# share/fish/vendor_completions.d/, which fish searches by command name.

complete -c dossier-index -s h -l help -d 'Print the options and exit'
complete -c dossier-index -l version -d 'Print the version and exit'
complete -c dossier-index -l db -x -a '(__fish_complete_directories)' -d 'Database folder'
# Any ISO 639-1 code or English name is accepted; these are the languages
# dossier stems or segments by dictionary.
complete -c dossier-index -l lang -x -d 'Language of documents without a front-matter lang:' \
    -a 'auto ar ca da de en es eu fi fr ga hu hy id it ja ko lt ms nb ne nl nn no pt ro ru sv ta th tr zh zh-Hant'
complete -c dossier-index -l gazetteer -x -a '(__fish_complete_suffix .json)' -d 'Extra incidents and actors (gazetteer JSON)'
complete -c dossier-index -l no-gazetteer -d 'Forget the remembered --gazetteer files'
complete -c dossier-index -l prune -d 'Also remove documents outside the PATHs of this run'
complete -c dossier-index -l rebuild -d 'Index everything into a new database, then swap it in'
complete -c dossier-index -s n -l dry-run -d 'List what would change on stdout; write nothing'
complete -c dossier-index -l wait -x -d 'Wait up to SECONDS for another dossier-index'
complete -c dossier-index -s j -l jobs -x -d 'Worker processes that build a new database'
complete -c dossier-index -l max-file-size -x -d 'Skip files larger than SIZE on disk (default 256M)'
complete -c dossier-index -l max-text-size -x -d 'Skip files whose extracted text is larger (default 64M)'
complete -c dossier-index -l summary-json -d 'Print the summary as one JSON object on stdout'
complete -c dossier-index -s q -l quiet -d 'Print only failures and errors'
complete -c dossier-index -s v -l verbose -d 'Name each file added, updated or removed'
complete -c dossier-index -l jsonl -r -F -d 'Ingest JSON lines records from FILE (- for stdin)'
complete -c dossier-index -l shard -x -d 'Index only shard K of N (K/N), remembered'
