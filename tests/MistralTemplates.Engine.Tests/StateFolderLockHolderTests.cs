namespace MistralTemplates.Engine.Tests;

/// <summary>Reading the holder of a database's WAL write lock from the lines of <c>/proc/locks</c>.</summary>
public sealed class StateFolderLockHolderTests
{
    private const ulong Inode = 11755524;

    [Theory]
    [InlineData("1: POSIX  ADVISORY  WRITE 22738 fe:00:11755524 120 120", 22738)]
    [InlineData("7: POSIX  ADVISORY  WRITE 31 08:01:11755524 0 EOF", 31)]   // a lock over the whole file covers the byte
    public void A_write_lock_on_the_wal_write_byte_names_its_process(string line, int pid) =>
        Assert.Equal(pid, StateFolderLockHolder.WriteLockHolder(line, Inode));

    [Theory]
    [InlineData("2: POSIX  ADVISORY  READ 22738 fe:00:11755524 120 120")]     // a reader
    [InlineData("3: POSIX  ADVISORY  WRITE 22738 fe:00:11755524 128 128")]    // another byte
    [InlineData("4: POSIX  ADVISORY  WRITE 22738 fe:00:99 120 120")]          // another file
    [InlineData("5: -> POSIX  ADVISORY  WRITE 4242 fe:00:11755524 120 120")]  // a process waiting, not holding
    [InlineData("6: FLOCK  ADVISORY  WRITE 22738 fe:00:11755524 0 EOF")]      // not a record lock
    [InlineData("garbage")]
    public void Any_other_line_names_no_process(string line) =>
        Assert.Null(StateFolderLockHolder.WriteLockHolder(line, Inode));
}
