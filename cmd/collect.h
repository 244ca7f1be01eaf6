/*
 * collect: the parts of dp-collect that live outside its main file.
 */
#ifndef DP_COLLECT_H
#define DP_COLLECT_H

/*
 * The scan subcommand: secret.detected and file.sensitive records for
 * plain files.
 * argv[0] is "scan".  Returns the exit status.
 */
int	collect_scan(int argc, char **argv);

/*
 * --check-detectors DIR: loads the detector pack of dir and runs its
 * examples, printing every problem.  Returns the exit status.
 */
int	collect_check_detectors(const char *dir);

/*
 * --check-sensitive DIR: loads the sensitive file classifiers of dir
 * and runs their examples, printing every problem.  Returns the exit
 * status.
 */
int	collect_check_sensitive(const char *dir);

#endif
