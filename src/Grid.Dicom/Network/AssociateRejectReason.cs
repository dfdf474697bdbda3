namespace Grid.Dicom.Network;

/// <summary>A-ASSOCIATE-RJ result (PS3.8 Table 9-21).</summary>
public enum RejectResult : byte
{
    Permanent = 1,
    Transient = 2,
}

/// <summary>A-ASSOCIATE-RJ source.</summary>
public enum RejectSource : byte
{
    ServiceUser = 1,
    ServiceProviderAcse = 2,
    ServiceProviderPresentation = 3,
}

/// <summary>A-ASSOCIATE-RJ reason/diagnostic; the meaning of the number depends on the source.</summary>
public static class RejectReasons
{
    // Source: service user
    public const byte NoReasonGiven = 1;
    public const byte ApplicationContextNameNotSupported = 2;
    public const byte CallingAeTitleNotRecognized = 3;
    public const byte CalledAeTitleNotRecognized = 7;

    // Source: service provider (ACSE)
    public const byte ProtocolVersionNotSupported = 2;

    // Source: service provider (presentation)
    public const byte TemporaryCongestion = 1;
    public const byte LocalLimitExceeded = 2;
}
