# SPDX-License-Identifier: MIT
# Bash completion for dossier-search. Installed as
# share/bash-completion/completions/dossier-search, where bash-completion
# loads it the first time the command is completed.

_dossier_search() {
  local cur prev words cword split
  _init_completion -s || return

  # After "--" every word is part of the query: nothing to offer.
  local i
  for ((i = 1; i < cword; i++)); do
    [[ ${words[i]} == -- ]] && return
  done

  case $prev in
    --db)
      _filedir -d
      return
      ;;
    --gazetteer)
      _filedir json
      return
      ;;
    --queries | --config)
      _filedir
      return
      ;;
    --explain | --show | --like)
      # A document key: the path of an indexed file (or an id, jsonl:ID).
      _filedir
      return
      ;;
    --sort)
      COMPREPLY=($(compgen -W 'relevance newest oldest' -- "$cur"))
      return
      ;;
    -f | --format)
      COMPREPLY=($(compgen -W 'text json jsonl csv paths paths0' -- "$cur"))
      return
      ;;
    --color)
      COMPREPLY=($(compgen -W 'auto always never' -- "$cur"))
      return
      ;;
    --facets)
      # A comma-separated list: complete the item after the last comma.
      local done_part=
      [[ $cur == *,* ]] && done_part=${cur%,*},
      COMPREPLY=($(compgen -P "$done_part" \
        -W 'country org incident actor lang year month format' -- "${cur##*,}"))
      compopt -o nospace
      return
      ;;
    --lang | --display-lang)
      # Any ISO 639-1 code or English name is accepted; these are the
      # languages dossier stems or segments by dictionary.
      COMPREPLY=($(compgen -W 'ar ca da de en es eu fi fr ga hu hy id it ja
        ko lt ms nb ne nl nn no pt ro ru sv ta th tr zh zh-Hant' -- "$cur"))
      return
      ;;
    --country | --org | --incident | --actor | --since | --until | \
      -n | --limit | --offset | --facet-limit)
      # A name, a date or a number: nothing to offer.
      return
      ;;
    --save | --saved | --forget | --new-since)
      # A saved search's name, or a run number or date: nothing to offer.
      return
      ;;
    -h | --help | --version)
      return
      ;;
  esac
  $split && return

  if [[ $cur == -* ]]; then
    COMPREPLY=($(compgen -W '-h --help --version --db --lang -f --format -n
      --limit --offset --color --country --org --incident --actor --no-inferred --no-expand --all-copies --since
      --until --facets --facet-limit --display-lang --timeout --allow-partial --gazetteer --explain
      --show --like --sort --count
      --queries --config --save --saved --list-saved --forget --alerts --changed
      --new-since --' -- "$cur"))
    return
  fi
  # A query word: nothing to offer (file names would only get in the way).
}
complete -F _dossier_search dossier-search
