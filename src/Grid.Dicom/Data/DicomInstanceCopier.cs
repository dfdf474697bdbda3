namespace Grid.Dicom.Data;

/// <summary>Copies a Part 10 instance between streams without holding it in memory, returning its metadata on the way.</summary>
public static class DicomInstanceCopier
{
    /// <summary>
    /// Copies every byte of <paramref name="source"/> to <paramref name="destination"/> unchanged; the
    /// returned file holds the meta group and the data set up to (excluding) pixel data.
    /// </summary>
    public static async Task<DicomFile> CopyAsync(Stream source, Stream destination, CancellationToken cancellationToken = default)
    {
        // Bytes pulled by the metadata parser pass through the tee, so the copy stays byte-exact and in order.
        var tee = new TeeReadStream(source, destination);
        var metadata = DicomFile.Read(tee, DicomReadOptions.MetadataOnly);
        await source.CopyToAsync(destination, 81920, cancellationToken);
        await destination.FlushAsync(cancellationToken);
        return metadata;
    }

    private sealed class TeeReadStream(Stream source, Stream copy) : Stream
    {
        public override int Read(byte[] buffer, int offset, int count)
        {
            var read = source.Read(buffer, offset, count);
            copy.Write(buffer, offset, read);
            return read;
        }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
