using CronVm;
using MistralTemplates.Cli;
using MistralTemplates.Engine;

// cron_vm.yaml became CronVmStack (its workflow read from wfdef.yaml through get_file, embedded at compile
// time). The trigger runs the workflow with the workflow resource's input every day at 00:01.
// Its nova.* tasks run on SimulatedNova in the embedded engine; a real Mistral (--endpoint, MISTRAL_URL) runs its own.
var engine = new SimulatedNova().AddTo(new EngineOptions());
return await StackCommandLine.RunAsync(new CronVmStack("vms"), args, engine);
