namespace SimLap.Plugins.Core.Data;

/// <summary>
/// The most recently used decoded images, at most <c>capacity</c> of them (all images of a set have the same size, so
/// this bounds the bytes). Hand-written because the cache packages served here either lack a strict least-recently-used
/// bound (Microsoft.Extensions.Caching.Memory rejects entries when full and compacts in the background) or are absent.
/// </summary>
public sealed class DecodedImageCache(int capacity)
{
    private readonly Dictionary<long, LinkedListNode<(long Index, byte[] Pixels)>> _entries = [];
    private readonly LinkedList<(long Index, byte[] Pixels)> _order = new();
    private readonly Lock _lock = new();

    /// <summary>The number of images held.</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _entries.Count;
            }
        }
    }

    /// <summary>The pixels of image <paramref name="index"/> when held (it becomes the most recently used).</summary>
    public bool TryGet(long index, out byte[] pixels)
    {
        lock (_lock)
        {
            if (_entries.TryGetValue(index, out var node))
            {
                _order.Remove(node);
                _order.AddFirst(node);
                pixels = node.Value.Pixels;
                return true;
            }
        }

        pixels = [];
        return false;
    }

    /// <summary>Holds <paramref name="pixels"/> for image <paramref name="index"/>, dropping the least recently used image when full.</summary>
    public void Add(long index, byte[] pixels)
    {
        if (capacity <= 0)
        {
            return;
        }

        lock (_lock)
        {
            if (_entries.Remove(index, out var existing))
            {
                _order.Remove(existing);
            }
            else if (_entries.Count >= capacity)
            {
                var oldest = _order.Last!;
                _order.RemoveLast();
                _entries.Remove(oldest.Value.Index);
            }

            _entries[index] = _order.AddFirst((index, pixels));
        }
    }
}
