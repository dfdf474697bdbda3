using System.Globalization;

namespace Grid.Workflows.Conditions;

/// <summary>
/// A field of <c>context.input.patient_details</c>. MONAI Deploy reads these from the study's DICOM tags, and so does
/// Grid: each is a study-level tag, shaped the way MONAI Deploy shows it (a date of birth as dd/MM/yyyy, an age as
/// whole years).
/// </summary>
public enum PatientDetail
{
    Id,
    Name,
    Sex,
    DateOfBirth,
    Age,
    HospitalId,
}

internal static class PatientDetails
{
    public static readonly IReadOnlyDictionary<string, PatientDetail> ByName = new Dictionary<string, PatientDetail>
    {
        ["id"] = PatientDetail.Id,
        ["name"] = PatientDetail.Name,
        ["sex"] = PatientDetail.Sex,
        ["dob"] = PatientDetail.DateOfBirth,
        ["age"] = PatientDetail.Age,
        ["hospital_id"] = PatientDetail.HospitalId,
    };

    public static DicomTagKey TagOf(PatientDetail detail) => detail switch
    {
        PatientDetail.Id => new DicomTagKey(0x0010, 0x0020),
        PatientDetail.Name => new DicomTagKey(0x0010, 0x0010),
        PatientDetail.Sex => new DicomTagKey(0x0010, 0x0040),
        PatientDetail.DateOfBirth => new DicomTagKey(0x0010, 0x0030),
        PatientDetail.Age => new DicomTagKey(0x0010, 0x1010),
        PatientDetail.HospitalId => new DicomTagKey(0x0010, 0x0021),
        _ => throw new ArgumentOutOfRangeException(nameof(detail)),
    };

    /// <summary>The tag's value as MONAI Deploy shows it; a value that is not in the DICOM format is kept as written.</summary>
    public static string Shape(PatientDetail detail, string value) => detail switch
    {
        PatientDetail.DateOfBirth => DateOfBirth(value.Trim()),
        PatientDetail.Age => AgeInYears(value.Trim()),
        _ => value,
    };

    // DICOM writes a date (DA) as yyyyMMdd.
    private static string DateOfBirth(string value) =>
        DateOnly.TryParseExact(value, "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture)
            : value;

    // DICOM writes an age (AS) as three digits and a unit: 054Y, 006M, 010W, 003D.
    private static string AgeInYears(string value)
    {
        if (value.Length != 4 || !int.TryParse(value.AsSpan(0, 3), NumberStyles.None, CultureInfo.InvariantCulture, out var count)) return value;
        var years = char.ToUpperInvariant(value[3]) switch
        {
            'Y' => count,
            'M' => count / 12,
            'W' => count / 52,
            'D' => count / 365,
            _ => -1,
        };
        return years < 0 ? value : years.ToString(CultureInfo.InvariantCulture);
    }
}
