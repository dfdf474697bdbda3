namespace Grid.Dicom.Network;

/// <summary>
/// Reassembles DIMSE messages from PDVs: command fragments into memory, data set fragments into a sink
/// chosen once the command is known. Out-of-order or mixed fragments are protocol errors.
/// </summary>
internal sealed class DimseMessageAssembler(Func<byte, DimseCommand, Stream> openDataSink)
{
    private readonly MemoryStream _command = new();
    private DimseCommand? _pendingCommand;
    private byte _contextId;
    private Stream? _dataSink;

    /// <summary>A message whose command has arrived and whose data set (if any) is complete in <see cref="DataSet"/>.</summary>
    public sealed record Message(byte PresentationContextId, DimseCommand Command, Stream? DataSet);

    /// <summary>True while a data set is half received; its sink must be discarded if the association ends now.</summary>
    public bool IsReceivingDataSet => _dataSink is not null;

    public Message? Accept(PresentationDataValue pdv)
    {
        if (pdv.IsCommand)
        {
            if (_pendingCommand is not null) throw Protocol("Command fragment while a data set was expected.");
            if (_command.Length > 0 && pdv.PresentationContextId != _contextId) throw Protocol("Command fragments on different presentation contexts.");
            _contextId = pdv.PresentationContextId;
            _command.Write(pdv.Data.Span);
            if (_command.Length > 1 << 20) throw Protocol("DIMSE command larger than 1 MiB.");
            if (!pdv.IsLast) return null;

            var command = DimseCommand.Decode(_command.ToArray());
            _command.SetLength(0);
            if (!command.HasDataSet) return new Message(_contextId, command, null);
            _pendingCommand = command;
            _dataSink = openDataSink(_contextId, command);
            return null;
        }

        if (_pendingCommand is null || _dataSink is null) throw Protocol("Data set fragment without a preceding command.");
        if (pdv.PresentationContextId != _contextId) throw Protocol("Data set fragment on another presentation context than its command.");
        // Synchronously: sinks are spool files (a page-cache write is quicker than a thread pool hop) or Stream.Null.
        _dataSink.Write(pdv.Data.Span);
        if (!pdv.IsLast) return null;

        var message = new Message(_contextId, _pendingCommand, _dataSink);
        _pendingCommand = null;
        _dataSink = null;
        return message;
    }

    /// <summary>Drops a half-received data set (association ended); nothing of it is handed on.</summary>
    public async ValueTask DiscardAsync()
    {
        if (_dataSink is not null) await _dataSink.DisposeAsync();
        _dataSink = null;
        _pendingCommand = null;
    }

    private static PduProtocolException Protocol(string message) => new(AbortReason.UnexpectedPduParameter, message);
}
