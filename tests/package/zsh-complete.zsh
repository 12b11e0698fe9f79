#!/bin/zsh -f
# zsh-complete.zsh FPATH-DIR LINE: prints what zsh's completion offers at the end of LINE, one match a line,
# by typing LINE and Tab into an interactive zsh on a pseudo-terminal, with compadd reporting each match.
# compadd is wrapped so that every match is printed as completion adds it; the null lines that the pre- and
# post-completion hooks print mark where the matches start and end.
zmodload zsh/zpty || exit 1
zpty z zsh -f -i
init=$(mktemp)
cat >$init <<INIT
PROMPT=
fpath=($1 \$fpath)
autoload -U compinit
compinit -u -D
bindkey '^M' undefined
bindkey '^J' undefined
bindkey '^I' complete-word
null-line () { echo -E - \$'\0' }
compprefuncs=( null-line )
comppostfuncs=( null-line exit )
zstyle ':completion:*' list-grouped false
zstyle ':completion:*' insert-tab false
zstyle ':completion:*' list-separator ''
compadd () {
    if [[ \${@[1,(i)(-|--)]} == *-(O|A|D)\ * ]]; then
        builtin compadd "\$@"
        return \$?
    fi
    typeset -a __hits
    builtin compadd -A __hits "\$@"
    local h
    for h in \$__hits; do echo -E - "MATCH:\$h"; done
}
echo ok
INIT
zpty -w z "source $init"
repeat 10; do
    zpty -r z line
    [[ $line == ok* ]] && break
done
zpty -w z "$2"$'\t'
integer tog=0
while zpty -r z line; do
    [[ $line == *MATCH:* ]] && print -r -- ${${line#*MATCH:}%$'\r'}
    [[ $line == *$'\0'* ]] && (( tog++ ))
    (( tog >= 2 )) && break
done
rm -f $init
