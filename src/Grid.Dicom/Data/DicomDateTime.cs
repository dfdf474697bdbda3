namespace Grid.Dicom.Data;

/// <summary>A DT value: a local date and time with an optional UTC offset (&amp;ZZXX suffix).</summary>
public readonly record struct DicomDateTime(DateTime Value, TimeSpan? Offset)
{
    public DateTimeOffset ToDateTimeOffset(TimeSpan assumedOffset = default) => new(Value, Offset ?? assumedOffset);
}
