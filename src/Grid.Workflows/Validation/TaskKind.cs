namespace Grid.Workflows.Validation;

internal enum TaskKind
{
    Unknown,
    Router,
    Export,
    Plugin,
}
