using System.Collections.Generic;

namespace MistralTemplates.Language.Resources;

public static partial class ResourceCheckers
{
    public static IReadOnlyList<IResourceChecker> All { get; } = new List<IResourceChecker>
    {
        new WorkflowResourceChecker(),
        new CronTriggerChecker(),
        new ExternalResourceChecker(),
        new AlarmChecker(ResourceSchemas.AodhAlarmType),
        new AlarmChecker(ResourceSchemas.CeilometerAlarmType),
    };
}
