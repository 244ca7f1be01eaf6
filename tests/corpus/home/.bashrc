# ~/.bashrc: executed by bash(1) for non-login shells.
# see /usr/share/doc/bash/examples/startup-files (in the package bash-doc)
# for examples

# If not running interactively, don't do anything
case $- in
    *i*) ;;
      *) return;;
esac

# don't put duplicate lines or lines starting with space in the history.
HISTCONTROL=ignoreboth
shopt -s histappend
HISTSIZE=10000
HISTFILESIZE=20000
shopt -s checkwinsize

# make less more friendly for non-text input files, see lesspipe(1)
[ -x /usr/bin/lesspipe ] && eval "$(SHELL=/bin/sh lesspipe)"

if [ -z "${debian_chroot:-}" ] && [ -r /etc/debian_chroot ]; then
    debian_chroot=$(cat /etc/debian_chroot)
fi

case "$TERM" in
    xterm-color|*-256color) color_prompt=yes;;
esac

if [ "$color_prompt" = yes ]; then
    PS1='${debian_chroot:+($debian_chroot)}\[\033[01;32m\]\u@\h\[\033[00m\]:\[\033[01;34m\]\w\[\033[00m\]\$ '
else
    PS1='${debian_chroot:+($debian_chroot)}\u@\h:\w\$ '
fi
unset color_prompt force_color_prompt

if [ -x /usr/bin/dircolors ]; then
    test -r ~/.dircolors && eval "$(dircolors -b ~/.dircolors)" || eval "$(dircolors -b)"
    alias ls='ls --color=auto'
    alias grep='grep --color=auto'
fi

alias ll='ls -alF'
alias la='ls -A'
alias l='ls -CF'
alias k='kubectl'
alias tf='terraform'
alias gs='git status -sb'

if [ -f ~/.bash_aliases ]; then
    . ~/.bash_aliases
fi

if ! shopt -oq posix; then
  if [ -f /usr/share/bash-completion/bash_completion ]; then
    . /usr/share/bash-completion/bash_completion
  elif [ -f /etc/bash_completion ]; then
    . /etc/bash_completion
  fi
fi

export EDITOR=vim
export GOPATH="$HOME/go"
export PATH="$HOME/.local/bin:$GOPATH/bin:$HOME/.cargo/bin:$PATH"
export NVM_DIR="$HOME/.nvm"
[ -s "$NVM_DIR/nvm.sh" ] && \. "$NVM_DIR/nvm.sh"

# work
export GITHUB_TOKEN=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
export OPENAI_API_KEY="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"
export HOMEBREW_GITHUB_API_TOKEN=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
export VAULT_ADDR=https://vault.internal.corp:8200
export NPM_TOKEN=npm_gV2XIFnwIZ41BvuqeLqlXXfVoI0KW6l8pvVJ
export PGPASSWORD='Granitevelvet270@'
export KUBECONFIG=$HOME/.kube/config:$HOME/.kube/staging.yaml
export AWS_PROFILE=dev
export DOCKER_BUILDKIT=1

# pyenv
export PYENV_ROOT="$HOME/.pyenv"
command -v pyenv >/dev/null || export PATH="$PYENV_ROOT/bin:$PATH"
eval "$(pyenv init -)"

gco() { git checkout "$(git branch --all | fzf | tr -d '[:space:]')"; }
