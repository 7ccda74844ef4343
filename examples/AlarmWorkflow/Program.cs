using AlarmWorkflow;
using MistralTemplates.Cli;

// alarm.yaml became AlarmStack at compile time: a workflow started by an Aodh alarm through its alarm_url.
// Deploying the alarm itself needs the webhook gateway and Aodh support, which are not built yet.
return await StackCommandLine.RunAsync(new AlarmStack("alarm"), args);
