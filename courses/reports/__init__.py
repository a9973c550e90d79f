"""Supervisor reports (督导看板): completion by township, village and cadre,
read from the kept records; exports to Excel in the background."""
