#: requires: bash
bash -c 'a=(1 2 3); s=0; for i in "${a[@]}"; do s=$((s+i)); done; echo $s | cat; (echo sub; exit 2) | tr a-z A-Z; trap "echo bye" EXIT; ls sub | sort -r'
