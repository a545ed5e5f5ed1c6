# SPDX-License-Identifier: MIT
# Fish completion for dossier-gazetteer. Installed in
# share/fish/vendor_completions.d/, which fish searches by command name.

set -l dossier_commands import-misp check
complete -c dossier-gazetteer -f
complete -c dossier-gazetteer -s h -l help -d 'Print the options and exit'
complete -c dossier-gazetteer -n "not __fish_seen_subcommand_from $dossier_commands" -l version -d 'Print the version and exit'
complete -c dossier-gazetteer -n "not __fish_seen_subcommand_from $dossier_commands" -a import-misp \
    -d 'Convert MISP galaxy cluster files to a gazetteer'
complete -c dossier-gazetteer -n "not __fish_seen_subcommand_from $dossier_commands" -a check \
    -d 'Validate gazetteer files'
complete -c dossier-gazetteer -n '__fish_seen_subcommand_from import-misp' -s o -l output -x \
    -a '(__fish_complete_suffix .json)' -d 'Write the gazetteer here (default: stdout)'
complete -c dossier-gazetteer -n '__fish_seen_subcommand_from import-misp' -l words -r -F \
    -d 'A list of ordinary words, one per line'
complete -c dossier-gazetteer -n "__fish_seen_subcommand_from $dossier_commands" -a '(__fish_complete_suffix .json)'
