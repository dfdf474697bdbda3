using System.Globalization;
using System.Text.Json;

namespace Grid.Dicom.Data;

/// <summary>Writes the DICOM JSON model (PS3.18 F.2).</summary>
public static class DicomJsonWriter
{
    public static string ToJson(DicomDataset dataset, DicomJsonOptions? options = null)
    {
        using var buffer = new MemoryStream();
        Write(buffer, dataset, options);
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    public static void Write(Stream output, DicomDataset dataset, DicomJsonOptions? options = null)
    {
        options ??= new DicomJsonOptions();
        using var writer = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = options.Indented });
        WriteDataset(writer, dataset, options);
    }

    private static void WriteDataset(Utf8JsonWriter writer, DicomDataset dataset, DicomJsonOptions options)
    {
        writer.WriteStartObject();
        foreach (var attribute in dataset)
        {
            // Group lengths are not part of the JSON model.
            if (attribute.Tag.IsGroupLength) continue;
            if (attribute is DicomFragmentSequence && options.BulkDataUri?.Invoke(attribute) is null) continue;
            writer.WritePropertyName(attribute.Tag.ToJsonKey());
            writer.WriteStartObject();
            writer.WriteString("vr", attribute.VR.ToString());
            WriteValue(writer, dataset, attribute, options);
            writer.WriteEndObject();
        }
        writer.WriteEndObject();
    }

    private static void WriteValue(Utf8JsonWriter writer, DicomDataset owner, DicomAttribute attribute, DicomJsonOptions options)
    {
        if (attribute.VR.IsBinary() || attribute is DicomFragmentSequence)
        {
            if (options.BulkDataUri?.Invoke(attribute) is { } uri) writer.WriteString("BulkDataURI", uri);
            else if (options.InlineBinary && attribute is DicomElement { Value.Length: > 0 } binary)
                writer.WriteBase64String("InlineBinary", binary.Value);
            return;
        }

        if (attribute is DicomSequence sequence)
        {
            if (sequence.Items.Count == 0) return;
            writer.WriteStartArray("Value");
            foreach (var item in sequence.Items) WriteDataset(writer, item, options);
            writer.WriteEndArray();
            return;
        }

        var element = (DicomElement)attribute;
        if (element.Value.Length == 0) return;
        var vr = element.VR;

        if (vr == DicomVR.AT)
        {
            writer.WriteStartArray("Value");
            foreach (var tag in owner.GetTags(element.Tag)) writer.WriteStringValue(tag.ToJsonKey());
            writer.WriteEndArray();
            return;
        }

        if (vr is DicomVR.US or DicomVR.SS or DicomVR.UL or DicomVR.SL or DicomVR.FL or DicomVR.FD or DicomVR.SV or DicomVR.UV)
        {
            writer.WriteStartArray("Value");
            foreach (var n in DicomValueCodec.DecodeNumbers(element.Value, vr)) writer.WriteNumberValue(n);
            writer.WriteEndArray();
            return;
        }

        var texts = owner.GetStrings(element.Tag);
        if (texts.Length == 0) return;
        writer.WriteStartArray("Value");
        foreach (var text in texts)
        {
            if (text.Length == 0) { writer.WriteNullValue(); continue; }
            switch (vr)
            {
                case DicomVR.PN:
                    var name = DicomPersonName.Parse(text);
                    writer.WriteStartObject();
                    if (name.Alphabetic.Length > 0) writer.WriteString("Alphabetic", name.Alphabetic);
                    if (name.Ideographic.Length > 0) writer.WriteString("Ideographic", name.Ideographic);
                    if (name.Phonetic.Length > 0) writer.WriteString("Phonetic", name.Phonetic);
                    writer.WriteEndObject();
                    break;
                case DicomVR.IS when long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var integer):
                    writer.WriteNumberValue(integer);
                    break;
                case DicomVR.DS when double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number):
                    writer.WriteNumberValue(number);
                    break;
                default:
                    writer.WriteStringValue(text);
                    break;
            }
        }
        writer.WriteEndArray();
    }
}
