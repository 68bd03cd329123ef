using SimLap.Contracts.Data;
using SimLap.Plugins.Core.Data.Formats;
using static TorchSharp.torch;

namespace SimLap.Plugins.Core.Data;

/// <summary>
/// Image files decoded when a batch asks for them, for folders larger than memory. Decoded images are kept in one
/// preallocated uint8 tensor of <c>cachedImages</c> slots, filled by the first images decoded and never evicted: with
/// shuffled epochs every image is equally likely to be asked for, so a fixed set serves cache/size of all reads, where
/// a least-recently-used cache serves almost none (measured: 1% of reads with a cache of 7% of the set), and the
/// memory it takes is exactly its budget.
/// </summary>
public sealed class StreamedImageFolder : IImageSource
{
    private readonly IReadOnlyList<string> files;
    private readonly int size;
    private readonly int channels;
    private readonly int capacity;
    private readonly int[] slotOf;
    private readonly Lock lockFile = new();
    private Tensor? slots;
    private int used;
    private long decoded;

    /// <summary>Streams <paramref name="files"/> as uint8 [channels, size, size] images, keeping up to <paramref name="cachedImages"/> decoded.</summary>
    public StreamedImageFolder(IReadOnlyList<string> files, int size, int channels, int cachedImages)
    {
        this.files = files;
        this.size = size;
        this.channels = channels;
        this.capacity = Math.Clamp(cachedImages, 0, files.Count);
        slotOf = new int[files.Count];
        Array.Fill(slotOf, -1);
    }

    /// <inheritdoc />
    public long Count => this.files.Count;

    /// <inheritdoc />
    public (long Channels, long Height, long Width) Shape => (this.channels, this.size, this.size);

    /// <summary>How many images were decoded from their files so far (reads not served from the cache).</summary>
    public long DecodedImages => Interlocked.Read(ref this.decoded);

    /// <summary>How many decoded images the cache holds now (at most its capacity).</summary>
    public int CachedImages => Volatile.Read(ref this.used);

    /// <inheritdoc />
    public Tensor Gather(Tensor indices)
    {
        using var scope = NewDisposeScope();
        var wanted = indices.to_type(ScalarType.Int64).cpu().data<long>().ToArray();
        var output = empty(new long[] { wanted.Length, this.channels, this.size, this.size }, dtype: ScalarType.Byte);
        lock (lockFile)
        {
            var hits = new List<(long Position, long Slot)>();
            var misses = new List<long>();
            for (var i = 0; i < wanted.Length; i++)
            {
                if ((ulong)wanted[i] >= (ulong)this.files.Count)
                {
                    throw new ArgumentOutOfRangeException(nameof(indices), $"image index {wanted[i]} is outside 0..{this.files.Count - 1}.");
                }

                if (slotOf[wanted[i]] >= 0)
                {
                    hits.Add((i, slotOf[wanted[i]]));
                }
                else
                {
                    misses.Add(i);
                }
            }

            if (hits.Count > 0)
            {
                output.index_copy_(0, tensor(hits.Select(h => h.Position).ToArray()), this.slots!.index_select(0, tensor(hits.Select(h => h.Slot).ToArray())));
            }

            if (misses.Count > 0)
            {
                // An image asked for twice in one batch is decoded once.
                var distinct = misses.Select(i => wanted[i]).Distinct().ToArray();
                var decoded = ImageFileDecoder.Decode(distinct.Select(index => this.files[(int)index]).ToList(), this.size, this.channels);
                Interlocked.Add(ref this.decoded, distinct.Length);
                var row = distinct.Select((index, r) => (index, r)).ToDictionary(p => p.index, p => (long)p.r);
                output.index_copy_(0, tensor(misses.ToArray()), decoded.index_select(0, tensor(misses.Select(i => row[wanted[i]]).ToArray())));
                Keep(distinct, decoded);
            }
        }

        return output.MoveToOuterDisposeScope();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        lock (lockFile)
        {
            this.slots?.Dispose();
            this.slots = null;
        }
    }

    /// <summary>Puts the first of <paramref name="decoded"/> into free slots, while there are any.</summary>
    private void Keep(long[] indices, Tensor decoded)
    {
        var free = Math.Min(this.capacity - this.used, indices.Length);
        if (free <= 0)
        {
            return;
        }

        this.slots ??= empty(new long[] { this.capacity, this.channels, this.size, this.size }, dtype: ScalarType.Byte).DetachFromDisposeScope();
        this.slots.narrow(0, this.used, free).copy_(decoded.narrow(0, 0, free));
        for (var k = 0; k < free; k++)
        {
            slotOf[indices[k]] = this.used + k;
        }

        Volatile.Write(ref this.used, this.used + free);
    }
}
