using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Grid.Workflows;

/// <summary>
/// Reads an integer field written as <c>30</c>, <c>30.0</c> or <c>"30"</c>. MONAI Deploy's clients write whole numbers
/// with a decimal point (<c>"timeout_minutes": -1.0</c>), so a number without a fractional part is accepted; any
/// other value is refused, and the reader turns the refusal into a message naming the field and the expected type.
/// </summary>
internal sealed class WholeNumberConverter : JsonConverter<int>
{
    public override int Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var text = reader.TokenType switch
        {
            JsonTokenType.Number => RawNumber(reader),
            JsonTokenType.String => reader.GetString(),
            _ => null,
        };
        if (text is not null
            && decimal.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
            && number == decimal.Truncate(number) && number is >= int.MinValue and <= int.MaxValue)
            return (int)number;
        throw new JsonException("not a whole number");
    }

    public override void Write(Utf8JsonWriter writer, int value, JsonSerializerOptions options) => writer.WriteNumberValue(value);

    private static string RawNumber(Utf8JsonReader reader) => System.Text.Encoding.UTF8.GetString(
        reader.HasValueSequence ? System.Buffers.BuffersExtensions.ToArray(reader.ValueSequence) : reader.ValueSpan);
}
