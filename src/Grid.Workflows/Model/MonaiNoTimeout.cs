namespace Grid.Workflows;

/// <summary>
/// MONAI Deploy writes <c>"timeout_minutes": -1</c> for "no timeout". The model's way of saying that is an absent
/// timeout, so the reader turns -1 into null and nothing downstream has to know the convention.
/// </summary>
internal static class MonaiNoTimeout
{
    public const int Value = -1;

    public static WorkflowDefinition Normalize(WorkflowDefinition definition)
    {
        if (definition.Tasks is null || !definition.Tasks.Any(t => t?.TimeoutMinutes == Value)) return definition;
        return definition with
        {
            Tasks = definition.Tasks.Select(t => t?.TimeoutMinutes == Value ? t with { TimeoutMinutes = null } : t).ToList(),
        };
    }
}
