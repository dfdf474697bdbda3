namespace Grid.Workflows.Conditions.Evaluation;

/// <summary>
/// The meaning of each comparison operator on two values. == and != compare trimmed texts case-insensitively,
/// or numerically when both are numbers; NULL (missing) equals the empty text and the empty list.
/// A status read from an execution equals every spelling of that status (Grid's and MONAI Deploy's).
/// Ordering needs two numbers; CONTAINS tests list membership (a list may be on either side, and two lists
/// overlap) or a case-insensitive substring.
/// </summary>
internal static class ValueComparison
{
    /// <summary>True or false, or an error message when the comparison has no meaning for these values.</summary>
    public static (bool Holds, string? Error) Compare(ConditionValue left, ComparisonOperator op, ConditionValue right) => op switch
    {
        ComparisonOperator.Equal => (AreEqual(left, right), null),
        ComparisonOperator.NotEqual => (!AreEqual(left, right), null),
        ComparisonOperator.Contains => Contains(left, right),
        ComparisonOperator.NotContains => Negate(Contains(left, right)),
        _ => Order(left, op, right),
    };

    public static bool AreEqual(ConditionValue left, ConditionValue right) => (left, right) switch
    {
        (ListValue a, ListValue b) => a.Items.Count == b.Items.Count && a.Items.Zip(b.Items).All(pair => AreEqual(pair.First, pair.Second)),
        (ListValue list, _) => IsEmptyScalar(right) && list.Items.Count == 0,
        (_, ListValue list) => IsEmptyScalar(left) && list.Items.Count == 0,
        (ExecutionStatusText status, TextValue text) when ExecutionStatusNames.Knows(text.Text) => ExecutionStatusNames.Same(status.Text, text.Text),
        (TextValue text, ExecutionStatusText status) when ExecutionStatusNames.Knows(text.Text) => ExecutionStatusNames.Same(status.Text, text.Text),
        _ => TextsAreEqual(ScalarText(left), ScalarText(right)),
    };

    private static bool TextsAreEqual(string left, string right)
    {
        if (ConditionNumber.TryParse(left, out var a) && ConditionNumber.TryParse(right, out var b)) return a == b;
        return string.Equals(left.Trim(), right.Trim(), StringComparison.OrdinalIgnoreCase);
    }

    // A list on the right is what the left side is looked for in (MONAI Deploy allows the list on either side);
    // a list on each side holds when they share an item.
    private static (bool, string?) Contains(ConditionValue container, ConditionValue item)
    {
        if (item is ListValue candidates)
            return container is ListValue list
                ? (list.Items.Any(element => candidates.Items.Any(candidate => AreEqual(element, candidate))), null)
                : (candidates.Items.Any(candidate => AreEqual(container, candidate)), null);
        if (container is ListValue members) return (members.Items.Any(element => AreEqual(element, item)), null);
        if (IsEmptyScalar(item)) return (false, "CONTAINS needs a value on its right, not NULL or empty text, unless one side is a list.");
        return container switch
        {
            TextValue text => (text.Text.Contains(((TextValue)item).Text, StringComparison.OrdinalIgnoreCase), null),
            _ => (false, null),
        };
    }

    private static (bool, string?) Negate((bool Holds, string? Error) result) =>
        result.Error is null ? (!result.Holds, null) : (false, result.Error);

    private static (bool, string?) Order(ConditionValue left, ComparisonOperator op, ConditionValue right)
    {
        if (left is not TextValue l || right is not TextValue r
            || !ConditionNumber.TryParse(l.Text, out var a) || !ConditionNumber.TryParse(r.Text, out var b))
            return (false, $"'{op.ToSymbol()}' needs numbers on both sides, but got {Describe(left)} and {Describe(right)}.");
        var holds = op switch
        {
            ComparisonOperator.Greater => a > b,
            ComparisonOperator.GreaterOrEqual => a >= b,
            ComparisonOperator.Less => a < b,
            ComparisonOperator.LessOrEqual => a <= b,
            _ => throw new ArgumentOutOfRangeException(nameof(op)),
        };
        return (holds, null);
    }

    private static bool IsEmptyScalar(ConditionValue value) => value is not ListValue && ScalarText(value).Trim().Length == 0;

    private static string ScalarText(ConditionValue value) => value is TextValue text ? text.Text : "";

    private static string Describe(ConditionValue value) => value switch
    {
        TextValue text => $"'{text.Text}'",
        ListValue => "a list",
        _ => "no value",
    };
}
