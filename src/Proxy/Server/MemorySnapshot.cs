namespace Proxy.Server;

/// <summary>
/// The process's memory in the terms Envoy reports it (server.memory_* gauges, admin /memory), mapped onto
/// the .NET runtime: <see cref="Allocated"/> is what the garbage collector counts as allocated
/// (GC.GetTotalMemory, Envoy: tcmalloc's current_allocated_bytes), <see cref="HeapSize"/> what it had
/// committed from the system for its heap at its last collection, and never less than what is allocated
/// now (GCMemoryInfo.TotalCommittedBytes, as dotnet-counters' gc-committed; Envoy: tcmalloc's heap_size),
/// <see cref="Physical"/> the process's resident set (VmRSS of /proc/self/status: the heap plus code, stacks and native buffers).
/// </summary>
internal readonly record struct MemorySnapshot(long Allocated, long HeapSize, long Physical)
{
    public static MemorySnapshot Take()
    {
        var allocated = GC.GetTotalMemory(forceFullCollection: false);
        var committed = GC.GetGCMemoryInfo().TotalCommittedBytes;
        return new MemorySnapshot(allocated, Math.Max(committed, allocated), Math.Max(0, ProcSelfStatus.KiB("VmRSS")) * 1024);
    }

    /// <summary>Committed heap bytes not holding allocated objects (Envoy's pageheap_free).</summary>
    public long HeapFree => Math.Max(0, HeapSize - Allocated);
}
