namespace Proxy.Http.Codec.Http2.Hpack;

/// <summary>
/// Decodes the header blocks of one HTTP/2 connection's direction (RFC 7541): one instance per connection, blocks in
/// the order they arrive, since each block may change the dynamic table the next one refers to.
/// <para>
/// Fields go to an <see cref="IHpackHeaderSink"/> as spans, without allocating: a plain string is a slice of the
/// block, a Huffman-coded one is decoded into a buffer the decoder keeps (one for names, one for values, grown as
/// needed), an indexed one points into the static or dynamic table. The decoder checks HPACK only; names and values
/// are octets it does not judge (lowercase names, CR/LF/NUL, pseudo-header rules are the HTTP/2 layer's, RFC 9113
/// §8.2). The block's length is the caller's to bound; the string buffers grow to hold the longest Huffman-coded
/// string seen (up to 8/5 of its coded length) and stay at that size.
/// </para>
/// </summary>
internal sealed class HpackDecoder
{
    private readonly int _maxTableSize;
    private readonly int _maxHeaderListSize;
    private byte[] _nameBuffer = [];
    private byte[] _valueBuffer = [];

    /// <param name="maxTableSize">
    /// The SETTINGS_HEADER_TABLE_SIZE this side advertises: the dynamic table starts at it and a size update may not
    /// exceed it. (Until the peer acknowledges the setting it may still use the default 4096; advertising less is
    /// the HTTP/2 layer's to reconcile.)
    /// </param>
    /// <param name="maxHeaderListSize">
    /// The largest decoded list accepted, counted as RFC 9113 §6.5.2 does: name + value + 32 octets per field.
    /// </param>
    public HpackDecoder(int maxTableSize = 4096, int maxHeaderListSize = 64 * 1024)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxTableSize);
        ArgumentOutOfRangeException.ThrowIfNegative(maxHeaderListSize);
        _maxTableSize = maxTableSize;
        _maxHeaderListSize = maxHeaderListSize;
        DynamicTable = new HpackDynamicTable(maxTableSize);
    }

    /// <summary>The decoding context; exposed for tests and diagnostics, not to be changed from outside.</summary>
    internal HpackDynamicTable DynamicTable { get; }

    /// <summary>
    /// Decodes one complete header block (a HEADERS frame's fragment and its CONTINUATION fragments, concatenated)
    /// and calls <paramref name="sink"/> for each field, in order.
    /// <para>
    /// Throws <see cref="HpackException"/> when the block is malformed: the connection's decoding context is then
    /// lost (COMPRESSION_ERROR). When the decoded list grows past the limit, the fields from there on are not passed
    /// to the sink, the rest of the block is still decoded so the dynamic table stays in step, and the exception
    /// (with <see cref="HpackException.IsHeaderListTooLarge"/>) comes at the end: the request is refused, the
    /// connection goes on. An exception from the sink leaves the context undefined, as a malformed block does.
    /// </para>
    /// </summary>
    public void Decode(ReadOnlySpan<byte> block, IHpackHeaderSink sink)
    {
        ArgumentNullException.ThrowIfNull(sink);
        var position = 0;
        var fieldSeen = false;
        long listSize = 0;
        while (position < block.Length)
        {
            var first = block[position];
            ReadOnlySpan<byte> name;
            ReadOnlySpan<byte> value;
            var indexing = false;
            if ((first & 0x80) != 0)
            {
                // 1xxxxxxx: indexed field (§6.1).
                GetEntry(HpackInteger.Decode(block, ref position, 7), out name, out value);
            }
            else if ((first & 0x40) != 0)
            {
                // 01xxxxxx: literal with incremental indexing (§6.2.1).
                ReadLiteral(block, ref position, 6, forInsertion: true, out name, out value);
                indexing = true;
            }
            else if ((first & 0x20) != 0)
            {
                // 001xxxxx: dynamic table size update (§6.3), only before the first field (§4.2).
                if (fieldSeen)
                {
                    throw new HpackException("A dynamic table size update follows a header field; it must start the block.");
                }

                var maxSize = HpackInteger.Decode(block, ref position, 5);
                if (maxSize > _maxTableSize)
                {
                    throw new HpackException($"A dynamic table size update to {maxSize} exceeds the advertised {_maxTableSize}.");
                }

                DynamicTable.SetMaxSize(maxSize);
                continue;
            }
            else
            {
                // 0000xxxx: literal without indexing (§6.2.2); 0001xxxx: literal never indexed (§6.2.3).
                ReadLiteral(block, ref position, 4, forInsertion: false, out name, out value);
            }

            fieldSeen = true;
            listSize += name.Length + value.Length + HpackDynamicTable.EntryOverhead;
            if (listSize <= _maxHeaderListSize)
            {
                sink.OnHeader(name, value);
            }

            if (indexing)
            {
                DynamicTable.Insert(name, value);
            }
        }

        if (listSize > _maxHeaderListSize)
        {
            throw new HpackException(
                $"The header list's size {listSize} (RFC 9113 §6.5.2) exceeds the limit of {_maxHeaderListSize} octets.",
                isHeaderListTooLarge: true);
        }
    }

    /// <summary>
    /// Reads a literal field whose first octet has an N-bit name index (0: a literal name follows). A name taken
    /// from the dynamic table for an entry about to be inserted is copied first: the insertion may evict or move it.
    /// </summary>
    private void ReadLiteral(ReadOnlySpan<byte> block, scoped ref int position, int prefixBits, bool forInsertion, out ReadOnlySpan<byte> name, out ReadOnlySpan<byte> value)
    {
        var nameIndex = HpackInteger.Decode(block, ref position, prefixBits);
        if (nameIndex == 0)
        {
            name = ReadString(block, ref position, ref _nameBuffer);
        }
        else
        {
            GetEntry(nameIndex, out name, out _);
            if (forInsertion && nameIndex > HpackStaticTable.Count)
            {
                EnsureCapacity(ref _nameBuffer, name.Length);
                name.CopyTo(_nameBuffer);
                name = _nameBuffer.AsSpan(0, name.Length);
            }
        }

        value = ReadString(block, ref position, ref _valueBuffer);
    }

    private void GetEntry(int index, out ReadOnlySpan<byte> name, out ReadOnlySpan<byte> value)
    {
        if (index == 0)
        {
            throw new HpackException("Index 0 does not name a table entry.");
        }

        if (index <= HpackStaticTable.Count)
        {
            name = HpackStaticTable.GetName(index);
            value = HpackStaticTable.GetValue(index);
            return;
        }

        if (index - HpackStaticTable.Count > DynamicTable.Count)
        {
            throw new HpackException($"Index {index} is past the tables' {HpackStaticTable.Count + DynamicTable.Count} entries.");
        }

        DynamicTable.Get(index - HpackStaticTable.Count, out name, out value);
    }

    /// <summary>Reads a string literal (§5.2): a slice of the block, or its Huffman decoding in <paramref name="buffer"/>.</summary>
    private static ReadOnlySpan<byte> ReadString(ReadOnlySpan<byte> block, scoped ref int position, ref byte[] buffer)
    {
        if (position == block.Length)
        {
            throw new HpackException("The header block ends where a string should start.");
        }

        var huffman = (block[position] & 0x80) != 0;
        var length = HpackInteger.Decode(block, ref position, 7);
        if (length > block.Length - position)
        {
            throw new HpackException($"A string of {length} octets runs past the end of the header block.");
        }

        var octets = block.Slice(position, length);
        position += length;
        if (!huffman)
        {
            return octets;
        }

        EnsureCapacity(ref buffer, Huffman.GetMaxDecodedLength(length));
        return buffer.AsSpan(0, Huffman.Decode(octets, buffer));
    }

    private static void EnsureCapacity(ref byte[] buffer, int length)
    {
        if (buffer.Length < length)
        {
            buffer = new byte[Math.Max(length, Math.Max(buffer.Length * 2, 64))];
        }
    }
}
