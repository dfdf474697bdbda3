namespace Grid.Dicom.Network;

/// <summary>
/// What a provider accepts for one called AE title: the storage SOP classes (Verification is always accepted) and
/// the transfer syntaxes, in order of preference.
/// </summary>
public sealed record DicomAcceptance(IReadOnlySet<string> StorageSopClasses, IReadOnlyList<string> TransferSyntaxes);
