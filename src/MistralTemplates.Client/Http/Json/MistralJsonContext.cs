using System.Collections.Generic;
using System.Text.Json.Serialization;

namespace MistralTemplates.Mistral.Http.Json;

/// <summary>Source-generated serialisation for every type the client reads or writes.</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(WorkflowDefinition))]
[JsonSerializable(typeof(List<WorkflowDefinition>))]
[JsonSerializable(typeof(Execution))]
[JsonSerializable(typeof(List<Execution>))]
[JsonSerializable(typeof(TaskExecution))]
[JsonSerializable(typeof(List<TaskExecution>))]
[JsonSerializable(typeof(ActionExecution))]
[JsonSerializable(typeof(List<ActionExecution>))]
[JsonSerializable(typeof(CronTrigger))]
[JsonSerializable(typeof(List<CronTrigger>))]
[JsonSerializable(typeof(MistralEnvironment))]
[JsonSerializable(typeof(List<MistralEnvironment>))]
[JsonSerializable(typeof(ActionDefinition))]
[JsonSerializable(typeof(List<ActionDefinition>))]
[JsonSerializable(typeof(Workbook))]
[JsonSerializable(typeof(List<Workbook>))]
[JsonSerializable(typeof(EventTrigger))]
[JsonSerializable(typeof(List<EventTrigger>))]
[JsonSerializable(typeof(ExecutionCreateBody))]
[JsonSerializable(typeof(ExecutionStateBody))]
[JsonSerializable(typeof(CronTriggerCreateBody))]
[JsonSerializable(typeof(EnvironmentBody))]
[JsonSerializable(typeof(EventTriggerCreateBody))]
[JsonSerializable(typeof(ActionRunBody))]
[JsonSerializable(typeof(ActionCompleteBody))]
[JsonSerializable(typeof(ValidationAnswer))]
[JsonSerializable(typeof(ReportAnswer))]
internal sealed partial class MistralJsonContext : JsonSerializerContext
{
}
