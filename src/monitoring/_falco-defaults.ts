/**
 * Names defined by Falco's default ruleset (`falco_rules.yaml`, the "stable" rules the Falco image ships
 * and the falco Helm chart loads before `/etc/falco/rules.d`). A rules file may refer to them without
 * defining them. Only the stable file is listed: macros and lists of the incubating and sandbox rules
 * (e.g. `package_mgmt_procs`, `user_known_package_manager_in_container`) are not loaded by default.
 *
 * Taken from falcosecurity/rules `rules/falco_rules.yaml` (required_engine_version 26).
 */

/** Macros of the default ruleset. */
export const DEFAULT_MACROS: readonly string[] = [
  'open_write', 'open_read', 'open_file_failed', 'never_true', 'proc_name_exists', 'spawned_process',
  'create_symlink', 'create_hardlink', 'kernel_module_load', 'dup', 'etc_dir', 'shell_procs', 'server_procs',
  'run_by_package_mgmt_binaries', 'sensitive_files', 'proc_is_new', 'container', 'interactive', 'system_users',
  'ansible_running_python', 'run_by_qualys', 'run_by_google_accounts_daemon', 'run_by_chef', 'run_by_foreman',
  'user_ssh_directory', 'directory_traversal', 'cmp_cp_by_passwd', 'user_known_read_sensitive_files_activities',
  'user_read_sensitive_file_conditions', 'user_read_sensitive_file_containers', 'mandb_postinst',
  'protected_shell_spawner', 'container_entrypoint', 'user_known_system_user_login',
  'user_expected_terminal_shell_in_container_conditions', 'user_shell_container_exclusions', 'k8s_containers',
  'k8s_api_server', 'user_known_contact_k8s_api_server_activities', 'grep_commands', 'grep_more',
  'private_key_or_password', 'access_log_files', 'allowed_clear_log_files', 'trusted_logging_images',
  'clear_data_procs', 'user_known_remove_data_activities', 'user_known_stand_streams_redirect_activities',
  'known_ptrace_procs', 'ptrace_attach_or_injection', 'private_aws_credentials', 'outbound',
  'ssh_non_standard_ports_network', 'known_memfd_execution_processes',
];

/** Lists of the default ruleset. */
export const DEFAULT_LISTS: readonly string[] = [
  'shell_binaries', 'login_binaries', 'passwd_binaries', 'shadowutils_binaries', 'http_server_binaries',
  'db_server_binaries', 'postgres_mgmt_binaries', 'nosql_server_binaries', 'gitlab_binaries', 'rpm_binaries',
  'deb_binaries', 'python_package_managers', 'package_mgmt_binaries', 'userexec_binaries', 'user_mgmt_binaries',
  'hids_binaries', 'vpn_binaries', 'nomachine_binaries', 'mail_binaries', 'mail_config_binaries',
  'sensitive_file_names', 'sensitive_directory_names', 'cron_binaries', 'needrestart_binaries',
  'sshkit_script_binaries', 'read_sensitive_file_binaries', 'read_sensitive_file_images',
  'protected_shell_spawning_binaries', 'mesos_shell_binaries', 'trusted_images', 'sematext_images',
  'falco_containers', 'falco_no_driver_containers', 'falco_privileged_images', 'known_shell_spawn_cmdlines',
  'user_known_shell_spawn_binaries', 'ibm_cloud_containers', 'grep_binaries', 'log_directories', 'log_files',
  'data_remove_commands', 'user_known_packet_socket_binaries', 'allowed_container_images_loading_kernel_module',
  'docker_binaries', 'known_ptrace_binaries', 'known_drop_and_execute_containers', 'rfc_1918_addresses',
  'ssh_non_standard_ports', 'known_memfd_execution_binaries',
];

/** Rules of the default ruleset (targets for `override`). */
export const DEFAULT_RULES: readonly string[] = [
  'Directory traversal monitored file read', 'Read sensitive file trusted after startup',
  'Read sensitive file untrusted', 'Run shell untrusted', 'System user interactive', 'Terminal shell in container',
  'Contact K8S API Server From Container', 'Netcat Remote Code Execution in Container',
  'Search Private Keys or Passwords', 'Clear Log Activities', 'Remove Bulk Data from Disk',
  'Create Symlink Over Sensitive Files', 'Create Hardlink Over Sensitive Files', 'Packet socket created in container',
  'Redirect STDOUT/STDIN to Network Connection in Container', 'Linux Kernel Module Injection Detected',
  'Debugfs Launched in Privileged Container', 'Detect release_agent File Container Escapes',
  'PTRACE attached to process', 'PTRACE anti-debug attempt', 'Find AWS Credentials', 'Execution from /dev/shm',
  'Drop and execute new binary in container', 'Disallowed SSH Connection Non Standard Port',
  'Fileless execution via memfd_create',
];
