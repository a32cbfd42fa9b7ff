# completion: bash completion scripts, one per program, named after it so that
# bash-completion loads each on first use.
bashcompletion_DATA = completion/ipvsadm completion/pulse completion/lvsd \
	completion/nanny completion/send_arp completion/lvs-config-check \
	completion/lvs-config-convert
EXTRA_DIST += $(bashcompletion_DATA)
