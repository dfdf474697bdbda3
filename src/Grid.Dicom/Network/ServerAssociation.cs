using System.Net.Sockets;
using Grid.Dicom.Data;

namespace Grid.Dicom.Network;

/// <summary>One connection to a <see cref="DicomServer"/>: negotiation, then C-ECHO and C-STORE until release or abort.</summary>
internal sealed class ServerAssociation(TcpClient client, DicomServerOptions options, IDicomStoreHandler? storeHandler, DicomServerStatistics statistics)
{
    private readonly Dictionary<byte, (string AbstractSyntax, string TransferSyntax)> _accepted = [];
    private AssociateRequest? _request;
    private uint _peerMaxPduLength;

    public async Task RunAsync(bool overLimit, CancellationToken cancellationToken)
    {
        var channel = new PduChannel(client.GetStream(), client.Client) { MaxPDataLength = options.MaxPduLength };
        var assembler = new DimseMessageAssembler(OpenDataSink);
        try
        {
            if (!await AssociateAsync(channel, overLimit, cancellationToken)) return;
            statistics.OnAccepted();
            await ServeAsync(channel, assembler, cancellationToken);
        }
        catch (PduProtocolException e)
        {
            statistics.OnAborted();
            await channel.TryAbortAsync(AbortSource.ServiceProvider, e.Reason);
        }
        catch (DicomNetworkTimeoutException)
        {
            statistics.OnAborted();
            // Before the association exists ARTIM expiry just closes the connection (PS3.8 9.2, AA-2).
            if (_request is not null) await channel.TryAbortAsync(AbortSource.ServiceProvider, AbortReason.NotSpecified);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await channel.TryAbortAsync(AbortSource.ServiceProvider, AbortReason.NotSpecified);
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException)
        {
            statistics.OnAborted();
        }
        finally
        {
            await assembler.DiscardAsync();
            await channel.DisposeAsync();
            client.Dispose();
        }
    }

    private async Task<bool> AssociateAsync(PduChannel channel, bool overLimit, CancellationToken cancellationToken)
    {
        var pdu = await channel.ReadAsync(options.ArtimTimeout, cancellationToken);
        if (pdu is null) return false;
        if (pdu.Type != PduType.AssociateRequest)
            throw new PduProtocolException(AbortReason.UnexpectedPdu, $"Expected A-ASSOCIATE-RQ, got {pdu.Type}.");

        var request = PduCodec.DecodeAssociateRequest(pdu.Body.Span);
        var reject = Validate(request, overLimit);
        if (reject is not null)
        {
            statistics.OnRejected();
            await channel.WriteAsync(PduCodec.Encode(reject), cancellationToken);
            await WaitForPeerCloseAsync(channel, cancellationToken);
            return false;
        }

        _request = request;
        _peerMaxPduLength = request.UserInformation.MaxPduLength;
        var results = request.PresentationContexts.Select(Negotiate).ToList();
        foreach (var (pc, result) in request.PresentationContexts.Zip(results))
            if (result.IsAccepted) _accepted[pc.Id] = (pc.AbstractSyntax, result.TransferSyntax);

        var accept = new AssociateAccept(request.CalledAeTitle, request.CallingAeTitle, DicomUids.ApplicationContext, results,
            new UserInformation(options.MaxPduLength, DicomUids.ImplementationClassUid, DicomUids.ImplementationVersionName));
        await channel.WriteAsync(PduCodec.Encode(accept), cancellationToken);
        return true;
    }

    private AssociateReject? Validate(AssociateRequest request, bool overLimit)
    {
        if ((request.ProtocolVersion & 1) == 0)
            return new AssociateReject(RejectResult.Permanent, RejectSource.ServiceProviderAcse, RejectReasons.ProtocolVersionNotSupported);
        if (request.ApplicationContext != DicomUids.ApplicationContext)
            return new AssociateReject(RejectResult.Permanent, RejectSource.ServiceUser, RejectReasons.ApplicationContextNameNotSupported);
        if (!options.AeTitles.Contains(request.CalledAeTitle))
            return new AssociateReject(RejectResult.Permanent, RejectSource.ServiceUser, RejectReasons.CalledAeTitleNotRecognized);
        if ((options.AllowedCallingAeTitles is { } allowed && !allowed.Contains(request.CallingAeTitle))
            || options.IsCallingAeTitleAllowed?.Invoke(request.CalledAeTitle, request.CallingAeTitle) == false)
            return new AssociateReject(RejectResult.Permanent, RejectSource.ServiceUser, RejectReasons.CallingAeTitleNotRecognized);
        if (overLimit)
            return new AssociateReject(RejectResult.Transient, RejectSource.ServiceProviderPresentation, RejectReasons.LocalLimitExceeded);
        return null;
    }

    private NegotiatedPresentationContext Negotiate(ProposedPresentationContext pc)
    {
        var firstProposed = pc.TransferSyntaxes[0];
        if (pc.AbstractSyntax != DicomUids.Verification && !options.StorageSopClasses.Contains(pc.AbstractSyntax))
            return new NegotiatedPresentationContext(pc.Id, PresentationContextResult.AbstractSyntaxNotSupported, firstProposed);
        var chosen = options.TransferSyntaxes.FirstOrDefault(pc.TransferSyntaxes.Contains);
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
                    PduCodec.DecodeAbort(pdu.Body.Span);
                    statistics.OnAborted();
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
