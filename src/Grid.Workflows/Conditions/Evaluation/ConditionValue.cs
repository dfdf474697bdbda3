using System.Text.Json;

namespace Grid.Workflows.Conditions;

/// <summary>
/// A value a condition compares: missing, a text (numbers, booleans and timestamps are kept as their text),
/// or a list. Whether a text is a number is decided when it is compared.
/// </summary>
public abstract record ConditionValue
{
    public static ConditionValue Missing { get; } = new MissingValue();

    public static ConditionValue FromText(string? text) => text is null ? Missing : new TextValue(text);

    /// <summary>Strings, numbers and booleans become text, arrays lists, null missing; objects keep their JSON text.</summary>
    public static ConditionValue FromJson(JsonElement element) => ConditionValueConversion.FromJson(element);

    /// <summary>As <see cref="FromJson"/>, for plain .NET values (strings, numbers, booleans, dates, sequences, dictionaries).</summary>
    public static ConditionValue FromObject(object? value) => ConditionValueConversion.FromObject(value);
}

public sealed record MissingValue : ConditionValue;

public record TextValue(string Text) : ConditionValue;

public sealed record ListValue(IReadOnlyList<ConditionValue> Items) : ConditionValue;
