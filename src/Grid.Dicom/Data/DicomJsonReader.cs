using System.Globalization;
using System.Text.Json;

namespace Grid.Dicom.Data;

/// <summary>
/// Reads the DICOM JSON model (PS3.18 F.2) into a data set. BulkDataURI values are not fetched: such elements
/// come back empty. Text that is not JSON throws <see cref="JsonException"/>; JSON that is not the model throws
/// <see cref="FormatException"/>.
/// </summary>
public static class DicomJsonReader
{
    public static DicomDataset Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return ReadRoot(document.RootElement);
    }

    public static DicomDataset Read(Stream input)
    {
        using var document = JsonDocument.Parse(input);
        return ReadRoot(document.RootElement);
    }

    private static DicomDataset ReadRoot(JsonElement root)
    {
        try
        {
            return ReadDataset(root, null);
        }
        catch (Exception e) when (e is KeyNotFoundException or InvalidOperationException)
        {
            // A member missing or of the wrong JSON kind, met by an accessor of JsonElement.
            throw new FormatException($"Not a DICOM JSON data set: {e.Message}", e);
        }
    }

    private static DicomDataset ReadDataset(JsonElement json, DicomDataset? parent)
    {
        if (json.ValueKind != JsonValueKind.Object) throw new FormatException("A DICOM JSON data set must be an object.");
        var dataset = new DicomDataset { Parent = parent };
        // Specific Character Set first so later text is encoded with it, whatever the key order in the JSON.
        var properties = json.EnumerateObject().OrderBy(p => p.Name, StringComparer.OrdinalIgnoreCase);
        foreach (var property in properties)
        {
            var tag = DicomTag.ParseJsonKey(property.Name);
            var vrText = property.Value.GetProperty("vr").GetString() ?? "";
            if (vrText.Length != 2 || !DicomVRInfo.TryParse((byte)vrText[0], (byte)vrText[1], out var vr))
                throw new FormatException($"Invalid VR '{vrText}' for {tag}.");
            ReadAttribute(dataset, tag, vr, property.Value);
        }
        return dataset;
    }

    private static void ReadAttribute(DicomDataset dataset, DicomTag tag, DicomVR vr, JsonElement json)
    {
        if (json.TryGetProperty("InlineBinary", out var inline))
        {
            dataset.SetBytes(tag, vr, inline.GetBytesFromBase64());
            return;
        }
        var hasValue = json.TryGetProperty("Value", out var value) && value.ValueKind == JsonValueKind.Array;
        if (vr == DicomVR.SQ)
        {
            var sequence = new DicomSequence(tag);
            if (hasValue)
                foreach (var item in value.EnumerateArray()) sequence.Items.Add(ReadDataset(item, dataset));
            dataset.Set(sequence);
            return;
        }
        if (!hasValue)
        {
            dataset.Set(new DicomElement(tag, vr, []));
            return;
        }

        var items = value.EnumerateArray().ToList();
        switch (vr)
        {
            case DicomVR.US or DicomVR.SS or DicomVR.UL or DicomVR.SL or DicomVR.FL or DicomVR.FD or DicomVR.SV or DicomVR.UV:
                dataset.SetNumbers(tag, vr, items.Select(i => i.GetDouble()).ToArray());
                break;
            case DicomVR.AT:
                var bytes = new byte[items.Count * 4];
                for (var i = 0; i < items.Count; i++)
                {
                    var at = DicomTag.ParseJsonKey(items[i].GetString()!);
                    BitConverter.TryWriteBytes(bytes.AsSpan(i * 4), at.Group);
                    BitConverter.TryWriteBytes(bytes.AsSpan(i * 4 + 2), at.Element);
                }
                dataset.Set(new DicomElement(tag, vr, bytes));
                break;
            case DicomVR.PN:
                dataset.SetString(tag, vr, items.Select(PersonName).ToArray());
                break;
            default:
                dataset.SetString(tag, vr, items.Select(Text).ToArray());
                break;
        }
    }

    private static string PersonName(JsonElement item)
    {
        if (item.ValueKind == JsonValueKind.Null) return "";
        string Group(string name) => item.TryGetProperty(name, out var g) ? g.GetString() ?? "" : "";
        return new DicomPersonName(Group("Alphabetic"), Group("Ideographic"), Group("Phonetic")).ToString();
    }

    private static string Text(JsonElement item) => item.ValueKind switch
    {
        JsonValueKind.Null => "",
        JsonValueKind.Number => item.GetRawText(),
        _ => item.GetString() ?? "",
    };
}
