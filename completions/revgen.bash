# bash completion for revgen
_revgen() {
	local cur=${COMP_WORDS[COMP_CWORD]} cmd="" i
	for ((i = 1; i < COMP_CWORD; i++)); do
		case ${COMP_WORDS[i]} in
		-c | -n | --url) ((i++)) ;;
		-*) ;;
		*) cmd=${COMP_WORDS[i]}; break ;;
		esac
	done
	if [ -z "$cmd" ]; then
		COMPREPLY=($(compgen -W "init revision upgrade downgrade current history heads branches show merge stamp resolve check lint models inspect --autogenerate --help --version -c -n --url -q -v" -- "$cur"))
		return
	fi
	local opts
	case $cmd in
	revision) opts="-m --message --autogenerate --rev-id --head --branch-label --depends-on --online --replay --verify --dev-url --allow-empty-models" ;;
	upgrade | downgrade) opts="--sql --ignore-checksums -j --jobs --fail-fast --format head heads base" ;;
	check) opts="--format --replay --dev-url --allow-empty-models -j --jobs --fail-fast" ;;
	lint) opts="--all --format --fail-on --offline --server-version" ;;
	history) opts="-r --rev-range --format -v -i --indicate-current" ;;
	current) opts="--format -v -j --jobs --fail-fast" ;;
	heads) opts="--format -v" ;;
	models) opts="--format" ;;
	inspect) opts="--format --output" ;;
	show) opts="--format --dev-url --live head" ;;
	merge) opts="-m --message --rev-id" ;;
	stamp) opts="--sql head heads base" ;;
	resolve) opts="--applied --rolled-back --ran" ;;
	esac
	COMPREPLY=($(compgen -W "$opts --help" -- "$cur"))
}
complete -F _revgen revgen
