# SPDX-License-Identifier: MIT
# Bash completion for dossier-index. Installed as
# share/bash-completion/completions/dossier-index, where bash-completion
# loads it the first time the command is completed.

_dossier_index() {
  local cur prev words cword split
  _init_completion -s || return

  # After "--" every word is a PATH.
  local i
  for ((i = 1; i < cword; i++)); do
    [[ ${words[i]} == -- ]] && { _filedir; return; }
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
    --jsonl)
      # A file of JSON lines, or "-" for standard input.
      _filedir
      [[ -z $cur || $cur == - ]] && COMPREPLY+=(-)
      return
      ;;
    --lang)
      # Any ISO 639-1 code or English name is accepted; these are the
      # languages dossier stems or segments by dictionary.
      COMPREPLY=($(compgen -W 'auto ar ca da de en es eu fi fr ga hu hy id it
        ja ko lt ms nb ne nl nn no pt ro ru sv ta th tr zh zh-Hant' -- "$cur"))
      return
      ;;
    --wait | -j | --jobs | --max-file-size | --max-text-size | --shard)
      # A number: nothing to offer.
      return
      ;;
    -h | --help | --version)
      return
      ;;
  esac
  $split && return

  if [[ $cur == -* ]]; then
    COMPREPLY=($(compgen -W '-h --help --version --db --lang --gazetteer
      --no-gazetteer --prune --rebuild -n --dry-run --wait -j --jobs
      --max-file-size --max-text-size --summary-json -q --quiet -v --verbose
      --jsonl --shard --' -- "$cur"))
    return
  fi
  _filedir
}
complete -F _dossier_index dossier-index
