"""集群自评 / Cluster Self-Check: judge an SME characteristic industry cluster against each policy."""
