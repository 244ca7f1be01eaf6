# If you come from bash you might have to change your $PATH.
export PATH=$HOME/bin:/usr/local/bin:/opt/homebrew/bin:$PATH

# Path to your oh-my-zsh installation.
export ZSH="$HOME/.oh-my-zsh"

ZSH_THEME="robbyrussell"
# Uncomment the following line to enable command auto-correction.
# ENABLE_CORRECTION="true"
COMPLETION_WAITING_DOTS="true"
HIST_STAMPS="yyyy-mm-dd"

plugins=(git docker kubectl terraform aws fzf zsh-autosuggestions)

source $ZSH/oh-my-zsh.sh

export LANG=en_US.UTF-8
export EDITOR='nvim'
export HOMEBREW_NO_ANALYTICS=1

# Secrets for local development -- TODO move to 1Password CLI
export ANTHROPIC_API_KEY=sk-ant-api03-rNQbChXBjXF6_aB79kCjDasLAnVfeYsUKbHHDfolb9Fr_4N8NJkp3_UyL0xXErNKLQAwAgStbuAaLx2TubUCfegxs5p21AA
export HF_TOKEN=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
export GITLAB_TOKEN="glpat-Nm-zJa7SzCPWXQtWHrwN"
export CLOUDFLARE_API_TOKEN=cuR6sQ584ju4C4iyRmpRvsG-c6VwrZPnAvVOrRXW
export DIGITALOCEAN_ACCESS_TOKEN=dop_v1_db4c6ede4c0c53bbee3ad5bc83b4c9184b5beeb148130dc71b8c0a5e9698e30b
export TF_TOKEN_app_terraform_io=yQNawOgXZIFW79.atlasv1.lpJKddbg2havD=CQPdaz2o3VvZ0z=4LujWpixRV7FeBlM6V-o5qus363BEUFn3SgPJ6
export DATADOG_API_KEY=81ff08d1aae421371a42be46fb64d30b
export AWS_DEFAULT_REGION=eu-west-1
export SENTRY_ORG=acme-corp
export OP_ACCOUNT=acme.1password.com

alias zshconfig="nvim ~/.zshrc"
alias ohmyzsh="nvim ~/.oh-my-zsh"
alias kctx='kubectl config use-context'
alias awsume='. awsume'

# zinit
source "${HOME}/.local/share/zinit/zinit.git/zinit.zsh"
zinit light zsh-users/zsh-syntax-highlighting

# >>> conda initialize >>>
__conda_setup="$('/opt/homebrew/Caskroom/miniconda/base/bin/conda' 'shell.zsh' 'hook' 2> /dev/null)"
if [ $? -eq 0 ]; then
    eval "$__conda_setup"
fi
unset __conda_setup
# <<< conda initialize <<<

[ -f ~/.fzf.zsh ] && source ~/.fzf.zsh
eval "$(starship init zsh)"
