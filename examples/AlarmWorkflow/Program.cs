using AlarmWorkflow;
using MistralTemplates.Cli;

// alarm.yaml became AlarmStack at compile time: a workflow started by an Aodh alarm through its alarm_url.
// `serve` runs the gateway that alarm_url points at, and `alarm trigger` posts what Aodh would post (docs/runtime.md).
return await StackCommandLine.RunAsync(new AlarmStack("alarm"), args);
