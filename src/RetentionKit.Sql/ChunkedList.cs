using System.Collections;

namespace RetentionKit.Sql;

/// <summary>
/// A list that grows by fixed chunks instead of doubling one array: tens of millions of order rows arrive from the
/// engine with no count ahead, and a doubling list would briefly hold the old array and one twice its size beside
/// the engine's own buffers.
/// </summary>
internal sealed class ChunkedList<T> : IReadOnlyList<T>
{
    private const int Shift = 20, ChunkSize = 1 << Shift, Mask = ChunkSize - 1;
    private readonly List<T[]> _chunks = new();

    public int Count { get; private set; }

    public T this[int index] => (uint)index < (uint)Count ? _chunks[index >> Shift][index & Mask] : throw new ArgumentOutOfRangeException(nameof(index));

    public void Add(T item)
    {
        if ((Count & Mask) == 0 && Count >> Shift == _chunks.Count) _chunks.Add(new T[ChunkSize]);
        _chunks[Count >> Shift][Count & Mask] = item;
        Count++;
    }

    public IEnumerator<T> GetEnumerator()
    {
        for (int i = 0; i < Count; i++) yield return _chunks[i >> Shift][i & Mask];
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
