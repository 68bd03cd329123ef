namespace SimLap.Engine.Tests.TestSupport;

/// <summary>A write-only stream over another that fails like a full disk once <paramref name="capacity"/> bytes were written.</summary>
internal sealed class FullDiskStream(Stream inner, long capacity) : Stream
{
    private long written;

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => written;

    public override long Position
    {
        get => written;
        set => throw new NotSupportedException();
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        if (written + buffer.Length > capacity)
        {
            throw new IOException("No space left on device");
        }

        inner.Write(buffer);
        written += buffer.Length;
    }

    public override void Flush() => inner.Flush();

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();
}
