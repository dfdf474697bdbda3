using System.Globalization;
using System.Text.RegularExpressions;

namespace Grid.Workflows.Conditions.Evaluation;

/// <summary>
/// Decides whether a text is a number. Deliberately stricter than <see cref="double.TryParse(string?, out double)"/>,
/// which would also take "NaN", "Infinity" and thousands separators.
/// </summary>
internal static partial class ConditionNumber
{
    [GeneratedRegex(@"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")]
    private static partial Regex DecimalNumber();

    public static bool TryParse(string text, out double number)
    {
        number = 0;
        var trimmed = text.Trim();
        return DecimalNumber().IsMatch(trimmed)
            && double.TryParse(trimmed, NumberStyles.Float, CultureInfo.InvariantCulture, out number);
    }
}
