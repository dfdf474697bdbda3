using System.Net.Sockets;
using Grid.Dicom.Data;

namespace Grid.Dicom.Network;

/// <summary>An association opened by a DICOM user (SCU): C-ECHO, C-STORE, release.</summary>
public sealed class DicomClientAssociation : IAsyncDisposable
{
    private readonly TcpClient _client;
    private readonly PduChannel _channel;
    private readonly DicomClientOptions _options;
    private readonly IReadOnlyList<ProposedPresentationContext> _proposed;
    private ushort _nextMessageId = 1;
    private bool _closed;

    public AssociateAccept Accept { get; }

    private DicomClientAssociation(TcpClient client, PduChannel channel, DicomClientOptions options,
        IReadOnlyList<ProposedPresentationContext> proposed, AssociateAccept accept)
    {
        _client = client;
        _channel = channel;
        _options = options;
        _proposed = proposed;
        Accept = accept;
    }

    /// <summary>Connects and negotiates the given presentation contexts (IDs are assigned here: 1, 3, 5, ...).</summary>
    public static async Task<DicomClientAssociation> ConnectAsync(DicomClientOptions options,
        IEnumerable<(string AbstractSyntax, IReadOnlyList<string> TransferSyntaxes)> presentationContexts,
        CancellationToken cancellationToken = default)
    {
        var proposed = presentationContexts
            .Select((pc, i) => new ProposedPresentationContext((byte)(2 * i + 1), pc.AbstractSyntax, pc.TransferSyntaxes))
            .ToList();
        if (proposed.Count is 0 or > 128) throw new ArgumentException("Between 1 and 128 presentation contexts can be proposed.");

        var client = new TcpClient { NoDelay = true };
        try
        {
            using (var connectDeadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                connectDeadline.CancelAfter(options.ConnectTimeout);
                try
                {
                    await client.ConnectAsync(options.Host, options.Port, connectDeadline.Token);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    throw new DicomNetworkTimeoutException($"Could not connect to {options.Host}:{options.Port} within {options.ConnectTimeout}.");
                }
            }
            var channel = new PduChannel(client.GetStream(), client.Client) { MaxPDataLength = options.MaxPduLength };
            var request = new AssociateRequest(options.CalledAeTitle, options.CallingAeTitle, DicomUids.ApplicationContext, proposed,
                new UserInformation(options.MaxPduLength, DicomUids.ImplementationClassUid, DicomUids.ImplementationVersionName));
            await channel.WriteAsync(PduCodec.Encode(request), cancellationToken);

            var pdu = await channel.ReadAsync(options.ArtimTimeout, cancellationToken)
                ?? throw new DicomAssociationException("Provider closed the connection instead of answering A-ASSOCIATE-RQ.");
            switch (pdu.Type)
            {
                case PduType.AssociateAccept:
                    var accept = PduCodec.DecodeAssociateAccept(pdu.Body.Span);
                    if (!DimseMessageSender.IsUsable(accept.UserInformation.MaxPduLength))
                    {
                        await channel.TryAbortAsync(AbortSource.ServiceProvider, AbortReason.InvalidPduParameterValue);
                        throw new DicomAssociationAbortedException(AbortSource.ServiceProvider, AbortReason.InvalidPduParameterValue,
                            $"The provider's maximum PDU length {accept.UserInformation.MaxPduLength} cannot hold any data (at least {DimseMessageSender.SmallestUsableMaxPduLength}).");
                    }
                    return new DicomClientAssociation(client, channel, options, proposed, accept);
                case PduType.AssociateReject:
                    throw new DicomAssociationRejectedException(PduCodec.DecodeAssociateReject(pdu.Body.Span));
                case PduType.Abort:
                    var abort = PduCodec.DecodeAbort(pdu.Body.Span);
                    throw new DicomAssociationAbortedException(abort.Source, abort.Reason);
                default:
                    await channel.TryAbortAsync(AbortSource.ServiceProvider, AbortReason.UnexpectedPdu);
                    throw new DicomAssociationAbortedException(AbortSource.ServiceProvider, AbortReason.UnexpectedPdu, $"Got {pdu.Type} instead of A-ASSOCIATE-AC.");
            }
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    /// <summary>The accepted presentation context for an abstract syntax, preferring the given transfer syntax.</summary>
    public (byte Id, string TransferSyntax)? FindContext(string abstractSyntax, string? preferredTransferSyntax = null)
    {
        var candidates = Accept.PresentationContexts
            .Where(r => r.IsAccepted && _proposed.Any(p => p.Id == r.Id && p.AbstractSyntax == abstractSyntax))
            .ToList();
        // Without an exact match, a native (uncompressed) syntax can stand in for another native one by conversion.
        var preferredIsNative = preferredTransferSyntax is null || !DicomTransferSyntax.FromUid(preferredTransferSyntax).IsEncapsulated;
        var best = candidates.FirstOrDefault(c => c.TransferSyntax == preferredTransferSyntax)
            ?? candidates.FirstOrDefault(c => preferredIsNative && !DicomTransferSyntax.FromUid(c.TransferSyntax).IsEncapsulated);
        return best is null ? null : (best.Id, best.TransferSyntax);
    }

    public async Task<ushort> EchoAsync(CancellationToken cancellationToken = default)
    {
        var context = FindContext(DicomUids.Verification) ?? throw new DicomAssociationException("Verification was not accepted.");
        var request = DimseCommand.EchoRequest(_nextMessageId++);
        return (await SendAndAwaitResponseAsync(context.Id, request, null, cancellationToken)).Status;
    }

    /// <summary>Sends a Part 10 file with C-STORE. Its data set is streamed as is when the accepted transfer syntax matches the file's.</summary>
    public async Task<ushort> StoreAsync(string path, CancellationToken cancellationToken = default)
    {
        await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, FileOptions.Asynchronous);
        return await StoreAsync(file, cancellationToken);
    }

    public async Task<ushort> StoreAsync(Stream part10, CancellationToken cancellationToken = default)
    {
        var input = new DicomInputBuffer(part10);
        var meta = DicomFileMetaInformation.Read(input);
        var sopClass = meta.GetString(DicomTags.MediaStorageSOPClassUID) ?? throw new DicomFormatException("No Media Storage SOP Class UID.");
        var sopInstance = meta.GetString(DicomTags.MediaStorageSOPInstanceUID) ?? throw new DicomFormatException("No Media Storage SOP Instance UID.");
        var fileSyntax = meta.GetString(DicomTags.TransferSyntaxUID)!;
        var context = FindContext(sopClass, fileSyntax)
            ?? throw new DicomAssociationException($"No accepted presentation context for SOP class {sopClass}.");

        var dataSet = input.RemainderAsStream();
        if (context.TransferSyntax != fileSyntax)
        {
            var from = DicomTransferSyntax.FromUid(fileSyntax);
            var to = DicomTransferSyntax.FromUid(context.TransferSyntax);
            if (from.IsEncapsulated || to.IsEncapsulated)
                throw new DicomAssociationException($"Cannot convert {fileSyntax} to the accepted {context.TransferSyntax}.");
            var converted = new MemoryStream();
            DicomFile.WriteDataset(converted, DicomFile.ReadDataset(new DicomInputBuffer(dataSet), from), to);
            converted.Position = 0;
            dataSet = converted;
        }
        var request = DimseCommand.StoreRequest(_nextMessageId++, sopClass, sopInstance);
        return (await SendAndAwaitResponseAsync(context.Id, request, dataSet, cancellationToken)).Status;
    }

    private async Task<DimseCommand> SendAndAwaitResponseAsync(byte contextId, DimseCommand request, Stream? dataSet, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_closed, this);
        try
        {
            await DimseMessageSender.SendAsync(_channel, Accept.UserInformation.MaxPduLength, contextId, request, dataSet, cancellationToken);
            var assembler = new DimseMessageAssembler((_, _) => Stream.Null);
            while (true)
            {
                var pdu = await _channel.ReadAsync(_options.DimseTimeout, cancellationToken)
                    ?? throw new DicomAssociationException("Provider closed the connection while a response was awaited.");
                switch (pdu.Type)
                {
                    case PduType.PData:
                        foreach (var pdv in PduCodec.DecodePData(pdu.Body))
                        {
                            if (assembler.Accept(pdv) is { } message &&
                                message.Command.MessageIdBeingRespondedTo == request.MessageId)
                                return message.Command;
                        }
                        break;
                    case PduType.Abort:
                        var abort = PduCodec.DecodeAbort(pdu.Body.Span);
                        await CloseAsync();
                        throw new DicomAssociationAbortedException(abort.Source, abort.Reason);
                    default:
                        throw new PduProtocolException(AbortReason.UnexpectedPdu, $"Unexpected {pdu.Type} while awaiting a response.");
                }
            }
        }
        catch (PduProtocolException e)
        {
            await _channel.TryAbortAsync(AbortSource.ServiceProvider, e.Reason);
            await CloseAsync();
            throw new DicomAssociationAbortedException(AbortSource.ServiceProvider, e.Reason, e.Message);
        }
        catch (DicomNetworkTimeoutException)
        {
            await AbortAsync();
            throw;
        }
    }

    /// <summary>A-RELEASE-RQ, wait (ARTIM) for A-RELEASE-RP, close.</summary>
    public async Task ReleaseAsync(CancellationToken cancellationToken = default)
    {
        if (_closed) return;
        try
        {
            await _channel.WriteAsync(PduCodec.EncodeReleaseRequest(), cancellationToken);
            while (true)
            {
                var pdu = await _channel.ReadAsync(_options.ArtimTimeout, cancellationToken);
                if (pdu is null || pdu.Type is PduType.ReleaseResponse or PduType.Abort) break;
            }
        }
        catch (DicomNetworkTimeoutException)
        {
            await _channel.TryAbortAsync(AbortSource.ServiceUser, AbortReason.NotSpecified);
        }
        finally
        {
            await CloseAsync();
        }
    }

    public async Task AbortAsync()
    {
        if (_closed) return;
        await _channel.TryAbortAsync(AbortSource.ServiceUser, AbortReason.NotSpecified);
        await CloseAsync();
    }

    private async Task CloseAsync()
    {
        if (_closed) return;
        _closed = true;
        await _channel.DisposeAsync();
        _client.Dispose();
    }

    /// <summary>Aborts if not released.</summary>
    public async ValueTask DisposeAsync() => await AbortAsync();
}
