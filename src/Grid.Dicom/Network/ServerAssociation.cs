using System.Net;
using System.Net.Sockets;
using Grid.Dicom.Data;
using Microsoft.Extensions.Logging;

namespace Grid.Dicom.Network;

/// <summary>One connection to a <see cref="DicomServer"/>: negotiation, then C-ECHO and C-STORE until release or abort.</summary>
internal sealed class ServerAssociation(TcpClient client, DicomServerOptions options, IDicomStoreHandler? storeHandler,
    DicomServerStatistics statistics, AssociationSlots slots, ILogger logger)
{
    private readonly Dictionary<byte, (string AbstractSyntax, string TransferSyntax)> _accepted = [];
    private readonly EndPoint? _remote = client.Client.RemoteEndPoint;
    private AssociateRequest? _request;
    private string _callingAeTitle = "(none yet)";
    private uint _peerMaxPduLength;
    private bool _holdsSlot;
    private IDisposable? _inTransit;

    // Registered as it is accepted (in the accept loop, in order), so that the oldest connection is the first to make room.
    private readonly LinkedListNode<CancellationTokenSource> _waiting = slots.AddUnassociated(new CancellationTokenSource());

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var channel = new PduChannel(client.GetStream(), client.Client) { MaxPDataLength = options.MaxPduLength };
        var assembler = new DimseMessageAssembler(OpenDataSink);
        var evicted = _waiting.Value;
        try
        {
            if (!await AssociateAsync(channel, evicted.Token, cancellationToken)) return;
            statistics.OnAccepted();
            await ServeAsync(channel, assembler, cancellationToken);
        }
        catch (PduProtocolException e)
        {
            statistics.OnAborted();
            DicomServerLog.ProtocolAbort(logger, _remote, _callingAeTitle, e.Message);
            await channel.TryAbortAsync(AbortSource.ServiceProvider, e.Reason);
        }
        catch (DicomNetworkTimeoutException)
        {
            statistics.OnAborted();
            if (_request is null)
            {
                // Before the association exists ARTIM expiry just closes the connection (PS3.8 9.2, AA-2).
                DicomServerLog.NoAssociateRequest(logger, _remote, options.ArtimTimeout);
            }
            else
            {
                DicomServerLog.IdleAbort(logger, _callingAeTitle, _remote, options.IdleTimeout);
                await channel.TryAbortAsync(AbortSource.ServiceProvider, AbortReason.NotSpecified);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await channel.TryAbortAsync(AbortSource.ServiceProvider, AbortReason.NotSpecified);
        }
        catch (OperationCanceledException) when (evicted.IsCancellationRequested)
        {
            statistics.OnAborted();
            DicomServerLog.UnassociatedEvicted(logger, _remote, options.MaxUnassociatedConnections);
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException)
        {
            statistics.OnAborted();
            DicomServerLog.ConnectionLost(logger, _remote, _callingAeTitle, e.Message);
        }
        finally
        {
            slots.RemoveUnassociated(_waiting);
            if (_holdsSlot) slots.ReleaseAssociation();
            _inTransit?.Dispose();
            await assembler.DiscardAsync();
            await channel.DisposeAsync();
            client.Dispose();
        }
    }

    private async Task<bool> AssociateAsync(PduChannel channel, CancellationToken evicted, CancellationToken cancellationToken)
    {
        Pdu? pdu;
        using (var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, evicted))
            pdu = await channel.ReadAsync(options.ArtimTimeout, wait.Token);
        slots.RemoveUnassociated(_waiting);
        if (pdu is null) return false;
        if (pdu.Type != PduType.AssociateRequest)
            throw new PduProtocolException(AbortReason.UnexpectedPdu, $"Expected A-ASSOCIATE-RQ, got {pdu.Type}.");

        var request = PduCodec.DecodeAssociateRequest(pdu.Body.Span);
        _callingAeTitle = request.CallingAeTitle;
        if (!DimseMessageSender.IsUsable(request.UserInformation.MaxPduLength))
            throw new PduProtocolException(AbortReason.InvalidPduParameterValue,
                $"A-ASSOCIATE-RQ to {request.CalledAeTitle} announces a maximum PDU length of {request.UserInformation.MaxPduLength}, " +
                $"too small for any data (at least {DimseMessageSender.SmallestUsableMaxPduLength}, or 0 for no limit).");

        var (reject, reason) = Validate(request);
        if (reject is null && !(_holdsSlot = slots.TryTakeAssociation()))
        {
            reject = new AssociateReject(RejectResult.Transient, RejectSource.ServiceProviderPresentation, RejectReasons.LocalLimitExceeded);
            reason = $"{options.MaxAssociations} associations are open already, the limit";
        }
        if (reject is not null)
        {
            statistics.OnRejected();
            DicomServerLog.Rejected(logger, request.CallingAeTitle, _remote, request.CalledAeTitle, reason);
            await channel.WriteAsync(PduCodec.Encode(reject), cancellationToken);
            await WaitForPeerCloseAsync(channel, cancellationToken);
            return false;
        }

        _request = request;
        _peerMaxPduLength = request.UserInformation.MaxPduLength;
        var acceptance = options.AcceptanceByAeTitle?.GetValueOrDefault(request.CalledAeTitle)
            ?? new DicomAcceptance(options.StorageSopClasses, options.TransferSyntaxes);
        var results = request.PresentationContexts.Select(pc => Negotiate(pc, acceptance)).ToList();
        foreach (var (pc, result) in request.PresentationContexts.Zip(results))
            if (result.IsAccepted) _accepted[pc.Id] = (pc.AbstractSyntax, result.TransferSyntax);

        var accept = new AssociateAccept(request.CalledAeTitle, request.CallingAeTitle, DicomUids.ApplicationContext, results,
            new UserInformation(options.MaxPduLength, DicomUids.ImplementationClassUid, DicomUids.ImplementationVersionName));
        await channel.WriteAsync(PduCodec.Encode(accept), cancellationToken);
        return true;
    }

    private (AssociateReject? Reject, string Reason) Validate(AssociateRequest request)
    {
        if ((request.ProtocolVersion & 1) == 0)
            return (new AssociateReject(RejectResult.Permanent, RejectSource.ServiceProviderAcse, RejectReasons.ProtocolVersionNotSupported),
                $"protocol version {request.ProtocolVersion} is not supported");
        if (request.ApplicationContext != DicomUids.ApplicationContext)
            return (new AssociateReject(RejectResult.Permanent, RejectSource.ServiceUser, RejectReasons.ApplicationContextNameNotSupported),
                $"application context {request.ApplicationContext} is not the DICOM one");
        if (!options.AeTitles.Contains(request.CalledAeTitle))
            return (new AssociateReject(RejectResult.Permanent, RejectSource.ServiceUser, RejectReasons.CalledAeTitleNotRecognized),
                $"called AE title {request.CalledAeTitle} is not served on this port");
        if ((options.AllowedCallingAeTitles is { } allowed && !allowed.Contains(request.CallingAeTitle))
            || options.IsCallingAeTitleAllowed?.Invoke(request.CalledAeTitle, request.CallingAeTitle) == false)
            return (new AssociateReject(RejectResult.Permanent, RejectSource.ServiceUser, RejectReasons.CallingAeTitleNotRecognized),
                $"calling AE title {request.CallingAeTitle} is not allowed to send to {request.CalledAeTitle}");
        return (null, "");
    }

    private static NegotiatedPresentationContext Negotiate(ProposedPresentationContext pc, DicomAcceptance acceptance)
    {
        var firstProposed = pc.TransferSyntaxes[0];
        if (pc.AbstractSyntax != DicomUids.Verification && !acceptance.StorageSopClasses.Contains(pc.AbstractSyntax))
            return new NegotiatedPresentationContext(pc.Id, PresentationContextResult.AbstractSyntaxNotSupported, firstProposed);
        var chosen = acceptance.TransferSyntaxes.FirstOrDefault(pc.TransferSyntaxes.Contains);
        return chosen is null
            ? new NegotiatedPresentationContext(pc.Id, PresentationContextResult.TransferSyntaxesNotSupported, firstProposed)
            : new NegotiatedPresentationContext(pc.Id, PresentationContextResult.Acceptance, chosen);
    }

    private async Task ServeAsync(PduChannel channel, DimseMessageAssembler assembler, CancellationToken cancellationToken)
    {
        while (true)
        {
            var pdu = await channel.ReadAsync(options.IdleTimeout, cancellationToken);
            if (pdu is null)
            {
                statistics.OnAborted();
                DicomServerLog.ConnectionLost(logger, _remote, _callingAeTitle, "the connection closed without A-RELEASE or A-ABORT");
                return;
            }
            switch (pdu.Type)
            {
                case PduType.PData:
                    foreach (var pdv in PduCodec.DecodePData(pdu.Body))
                    {
                        if (!_accepted.ContainsKey(pdv.PresentationContextId))
                            throw new PduProtocolException(AbortReason.UnexpectedPduParameter, $"PDV on presentation context {pdv.PresentationContextId}, which was not accepted.");
                        if (assembler.Accept(pdv) is { } message)
                            await HandleAsync(channel, message, cancellationToken);
                    }
                    break;
                case PduType.ReleaseRequest:
                    PduCodec.DecodeRelease(pdu.Body.Span, "A-RELEASE-RQ");
                    if (assembler.IsReceivingDataSet)
                        throw new PduProtocolException(AbortReason.UnexpectedPdu, "A-RELEASE-RQ in the middle of a data set.");
                    await channel.WriteAsync(PduCodec.EncodeReleaseResponse(), cancellationToken);
                    statistics.OnReleased();
                    await WaitForPeerCloseAsync(channel, cancellationToken);
                    return;
                case PduType.Abort:
                    var abort = PduCodec.DecodeAbort(pdu.Body.Span);
                    statistics.OnAborted();
                    DicomServerLog.PeerAbort(logger, _callingAeTitle, _remote, abort.Source, abort.Reason);
                    return;
                default:
                    throw new PduProtocolException(AbortReason.UnexpectedPdu, $"Unexpected {pdu.Type} on an established association.");
            }
        }
    }

    /// <summary>After our last PDU the requester closes the transport; ARTIM bounds the wait (PS3.8 9.2.3).</summary>
    private async Task WaitForPeerCloseAsync(PduChannel channel, CancellationToken cancellationToken)
    {
        try
        {
            while (await channel.ReadAsync(options.ArtimTimeout, cancellationToken) is not null) { }
        }
        catch (Exception e) when (e is DicomNetworkTimeoutException or PduProtocolException or IOException or SocketException) { }
    }

    private Stream OpenDataSink(byte presentationContextId, DimseCommand command)
    {
        if (command.Field != DimseCommandField.CStoreRequest) return Stream.Null;
        _inTransit = storeHandler?.OnReceiving(_request!.CalledAeTitle, _request.CallingAeTitle);
        var directory = options.SpoolDirectory ?? Path.GetTempPath();
        var spool = new SpoolFileStream(Path.Combine(directory, $"grid-dicom-{Guid.NewGuid():N}.part"));
        // The spool is a Part 10 file from the start so the handler can keep it as it is.
        var meta = DicomFileMetaInformation.Create(command.AffectedSopClassUid, command.AffectedSopInstanceUid,
            _accepted[presentationContextId].TransferSyntax, _request!.CallingAeTitle);
        var header = new MemoryStream();
        DicomFileMetaInformation.Write(header, meta);
        spool.Write(header.GetBuffer().AsSpan(0, (int)header.Length));
        return spool;
    }

    private async Task HandleAsync(PduChannel channel, DimseMessageAssembler.Message message, CancellationToken cancellationToken)
    {
        var command = message.Command;
        DimseCommand response;
        switch (command.Field)
        {
            case DimseCommandField.CEchoRequest:
                response = DimseCommand.EchoResponse(command, DicomStatus.Success);
                break;
            case DimseCommandField.CStoreRequest:
                await using (var spool = message.DataSet ?? Stream.Null)
                    response = DimseCommand.StoreResponse(command, await StoreAsync(message.PresentationContextId, command, spool, cancellationToken));
                _inTransit?.Dispose();
                _inTransit = null;
                break;
            default:
                if (message.DataSet is not null) await message.DataSet.DisposeAsync();
                if (((ushort)command.Field & 0x8000) != 0) return;
                response = DimseCommand.GenericResponse(command, DicomStatus.UnrecognizedOperation);
                break;
        }
        await DimseMessageSender.SendAsync(channel, _peerMaxPduLength, message.PresentationContextId, response, null, cancellationToken);
    }

    private async Task<ushort> StoreAsync(byte presentationContextId, DimseCommand command, Stream spool, CancellationToken cancellationToken)
    {
        var (abstractSyntax, transferSyntax) = _accepted[presentationContextId];
        if (command.AffectedSopClassUid != abstractSyntax) return DicomStatus.SopClassNotSupported;
        if (!spool.CanSeek) return DicomStatus.CannotUnderstand;

        spool.Position = 0;
        DicomFile metadata;
        try
        {
            metadata = DicomFile.Read(spool, DicomReadOptions.MetadataOnly);
        }
        catch (DicomFormatException)
        {
            return DicomStatus.CannotUnderstand;
        }
        spool.Position = 0;
        if (storeHandler is null) return DicomStatus.Success;

        var instance = new DicomReceivedInstance
        {
            CallingAeTitle = _request!.CallingAeTitle,
            CalledAeTitle = _request.CalledAeTitle,
            SopClassUid = command.AffectedSopClassUid,
            SopInstanceUid = command.AffectedSopInstanceUid,
            TransferSyntaxUid = transferSyntax,
            Metadata = metadata.Dataset,
            Content = spool,
        };
        try
        {
            return await storeHandler.StoreAsync(instance, cancellationToken);
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            return DicomStatus.ProcessingFailure;
        }
    }
}
