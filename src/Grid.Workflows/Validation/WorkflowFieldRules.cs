namespace Grid.Workflows.Validation;

/// <summary>The workflow's own fields, its informatics gateway section and its retention policies.</summary>
internal static class WorkflowFieldRules
{
    public static void Check(WorkflowDefinition definition, ValidationErrors errors)
    {
        errors.RequiredText("$.name", definition.Name, "the workflow name", FieldLimits.WorkflowName);
        errors.RequiredText("$.version", definition.Version, "the workflow version", FieldLimits.WorkflowVersion);
        errors.MaxLength("$.description", definition.Description, "the workflow description", FieldLimits.WorkflowDescription);
        CheckGateway(definition.InformaticsGateway, errors);
        if (definition.Tasks is null || definition.Tasks.Count == 0)
            errors.Add("$.tasks", "A workflow needs at least one task; the first one runs when the workflow is triggered.");
        CheckRetention(definition.RetentionPolicy, errors);
    }

    private static void CheckGateway(InformaticsGatewaySettings? gateway, ValidationErrors errors)
    {
        const string path = "$.informatics_gateway";
        if (gateway is null)
        {
            errors.Add(path, "The informatics gateway section is required; it says which AE title triggers the workflow.");
            return;
        }
        if (errors.RequiredText($"{path}.ae_title", gateway.AeTitle, "the AE title", FieldLimits.AeTitle)
            && gateway.AeTitle!.Any(c => c == '\\' || char.IsControl(c)))
            errors.Add($"{path}.ae_title", "An AE title cannot contain a backslash or control characters.");
        CheckNames($"{path}.data_origins", gateway.DataOrigins, "data origin", errors);
        CheckNames($"{path}.export_destinations", gateway.ExportDestinations, "export destination", errors);
    }

    private static void CheckNames(string path, IReadOnlyList<string>? names, string what, ValidationErrors errors)
    {
        if (names is null) return;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < names.Count; i++)
        {
            if (!errors.RequiredText($"{path}[{i}]", names[i], $"the {what} name", FieldLimits.Name)) continue;
            if (!seen.Add(names[i]))
                errors.Add($"{path}[{i}]", $"The {what} '{names[i]}' is listed twice.");
        }
    }

    private static void CheckRetention(IReadOnlyList<RetentionPolicy>? policies, ValidationErrors errors)
    {
        if (policies is null) return;
        for (var i = 0; i < policies.Count; i++)
        {
            var days = policies[i]?.Days;
            if (days is null)
                errors.Add($"$.retention_policy[{i}].days", "A retention policy needs the number of days to keep the data.");
            else if (days < 1)
                errors.Add($"$.retention_policy[{i}].days", "A retention policy keeps the data for at least 1 day.");
        }
    }
}
