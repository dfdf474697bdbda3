using System.Security.Cryptography;
using System.Text;

namespace Grid.Storage.Sqs;

/// <summary>
/// The SQS queue of a partition and priority: <c>{prefix}{partition}-p{priority}</c>. SQS names allow only
/// letters, digits, '-' and '_' and at most 80 characters; a partition id outside that is made to fit and
/// given a hash suffix so that two partitions never share a queue.
/// </summary>
internal sealed class SqsQueueNames(string prefix)
{
    private const int MaxLength = 80;
    private const string PrioritySeparator = "-p";

    public string NameOf(string partitionId, int priority) => PartitionPrefixOf(partitionId) + priority;

    /// <summary>What every priority queue name of the partition starts with.</summary>
    public string PartitionPrefixOf(string partitionId)
    {
        var name = prefix + partitionId;
        var fits = name.Length + PrioritySeparator.Length + 1 <= MaxLength && name.All(IsAllowed);
        if (!fits)
        {
            var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(partitionId)))[..12];
            var cleaned = new string(name.Select(c => IsAllowed(c) ? c : '_').ToArray());
            var room = MaxLength - PrioritySeparator.Length - 1 - hash.Length - 1;
            name = (cleaned.Length > room ? cleaned[..room] : cleaned) + "_" + hash;
        }
        return name + PrioritySeparator;
    }

    /// <summary>The priority a queue name stands for, when it is one of the partition's queues.</summary>
    public static bool TryParsePriority(string queueName, string partitionPrefix, out int priority)
    {
        priority = -1;
        return queueName.Length == partitionPrefix.Length + 1
               && queueName.StartsWith(partitionPrefix, StringComparison.Ordinal)
               && int.TryParse(queueName.AsSpan(partitionPrefix.Length), out priority);
    }

    private static bool IsAllowed(char c) => char.IsAsciiLetterOrDigit(c) || c is '-' or '_';
}
