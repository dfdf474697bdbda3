using System.Text.Json;
using System.Text.Json.Serialization;

namespace Grid.Workflows;

/// <summary>Reads either <c>"x"</c> or <c>["x", "y"]</c> as a list, because authors write both for conditions.</summary>
internal sealed class StringOrStringListConverter : JsonConverter<IReadOnlyList<string>>
{
    public override IReadOnlyList<string>? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return null;
            case JsonTokenType.String:
                return [reader.GetString()!];
            case JsonTokenType.StartArray:
                var items = new List<string>();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    if (reader.TokenType != JsonTokenType.String)
                        throw new JsonException("Each condition must be a string.");
                    items.Add(reader.GetString()!);
                }
                return items;
            default:
                throw new JsonException("Conditions must be a string or a list of strings.");
        }
    }

    public override void Write(Utf8JsonWriter writer, IReadOnlyList<string> value, JsonSerializerOptions options)
    {
        writer.WriteStartArray();
        foreach (var item in value) writer.WriteStringValue(item);
        writer.WriteEndArray();
    }
}
