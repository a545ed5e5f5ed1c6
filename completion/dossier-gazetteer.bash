# SPDX-License-Identifier: MIT
# Bash completion for dossier-gazetteer. Installed as
# share/bash-completion/completions/dossier-gazetteer, where bash-completion
# loads it the first time the command is completed.

_dossier_gazetteer() {
  local cur prev words cword split
  _init_completion -s || return

  # The subcommand is the first word that is not an option.
  local i command=
  for ((i = 1; i < cword; i++)); do
    [[ ${words[i]} != -* ]] && { command=${words[i]}; break; }
  done

  case $command in
    '')
      if [[ $cur == -* ]]; then
        COMPREPLY=($(compgen -W '-h --help --version' -- "$cur"))
      else
        COMPREPLY=($(compgen -W 'import-misp check' -- "$cur"))
      fi
      ;;
    import-misp)
      case $prev in
        -o | --output)
          _filedir json
          return
          ;;
        --words)
          _filedir
          return
          ;;
      esac
      $split && return
      if [[ $cur == -* ]]; then
        COMPREPLY=($(compgen -W '-h --help -o --output --words' -- "$cur"))
      else
        _filedir json
      fi
      ;;
    check)
      if [[ $cur == -* ]]; then
        COMPREPLY=($(compgen -W '-h --help' -- "$cur"))
      else
        _filedir json
      fi
      ;;
  esac
}
complete -F _dossier_gazetteer dossier-gazetteer
