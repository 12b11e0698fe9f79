# bash completion for profile-admin                                   -*- shell-script -*-
# Commands, each command's options, URL schemes, and files for SQLite paths (also after sqlite:///).

_profile_admin_database()
{
    local cur=$1
    if [[ $cur == sqlite:///* ]]; then
        local rest=${cur#sqlite:///} path
        local IFS=$'\n'
        for path in $(compgen -f -- "$rest"); do
            [[ -d $path ]] && path+=/
            COMPREPLY+=("sqlite:///$path")
        done
        compopt -o nospace 2>/dev/null
        return
    fi
    local scheme
    for scheme in $(compgen -W 'postgres:// postgresql:// pgsql:// mysql:// mariadb:// sqlite:///' -- "$cur"); do
        COMPREPLY+=("$scheme")
    done
    if [[ $cur == *://* ]]; then
        compopt -o nospace 2>/dev/null
        return
    fi
    # A plain path to an SQLite file: any file, since Django names them freely (db.sqlite3, site.db, ...).
    _filedir
    [[ ${#COMPREPLY[@]} -gt 0 && $cur != */* && -z $(compgen -f -- "$cur") ]] && compopt -o nospace 2>/dev/null
}

_profile_admin()
{
    local cur prev words cword
    _init_completion -n := || return

    local command='' i
    for ((i = 1; i < cword; i++)); do
        case ${words[i]} in
            check | fix | schema | snippet)
                command=${words[i]}
                break
                ;;
        esac
    done

    case $prev in
        --user-table | --profile-table | --link-column | --set)
            return
            ;;
        --django)
            _filedir py
            return
            ;;
        --python)
            COMPREPLY=($(compgen -c -- "$cur"))
            return
            ;;
        --sql)
            _filedir sql
            [[ -z $cur || - == "$cur"* ]] && COMPREPLY+=(-)
            return
            ;;
        --format)
            COMPREPLY=($(compgen -W 'prometheus' -- "$cur"))
            return
            ;;
    esac

    local options='--user-table --profile-table --link-column --set --django --python --demo --help --version'
    case $command in
        check) options+=' --json --quiet --format' ;;
        fix) options+=' --json --dry-run --yes --all --sql --via-django --batch-commit --max-replica-lag --max-rate' ;;
        schema) options+=' --json' ;;
    esac

    if [[ $cur == -* ]]; then
        COMPREPLY=($(compgen -W "$options" -- "$cur"))
        return
    fi
    if [[ -z $command ]]; then
        COMPREPLY=($(compgen -W 'check fix schema snippet' -- "$cur"))
    fi
    _profile_admin_database "$cur"
    __ltrim_colon_completions "$cur"
} &&
    complete -F _profile_admin profile-admin
