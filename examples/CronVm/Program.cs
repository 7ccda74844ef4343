using CronVm;
using MistralTemplates.Cli;

// cron_vm.yaml became CronVmStack (its workflow read from wfdef.yaml through get_file, embedded at compile
// time). The trigger runs the workflow with the workflow resource's input every day at 00:01.
return await StackCommandLine.RunAsync(new CronVmStack("vms"), args);
