namespace Grid.Dicom.Network;

/// <summary>A presentation context as proposed in A-ASSOCIATE-RQ: an abstract syntax and the transfer syntaxes offered.</summary>
public sealed record ProposedPresentationContext(byte Id, string AbstractSyntax, IReadOnlyList<string> TransferSyntaxes);

/// <summary>Presentation context result in A-ASSOCIATE-AC (PS3.8 Table 9-18).</summary>
public enum PresentationContextResult : byte
{
    Acceptance = 0,
    UserRejection = 1,
    NoReason = 2,
    AbstractSyntaxNotSupported = 3,
    TransferSyntaxesNotSupported = 4,
}

/// <summary>A presentation context as answered in A-ASSOCIATE-AC.</summary>
public sealed record NegotiatedPresentationContext(byte Id, PresentationContextResult Result, string TransferSyntax)
{
    public bool IsAccepted => Result == PresentationContextResult.Acceptance;
}
