// These tests run real servers, sockets and timers with short intervals: run them one class at a time so a loaded
// 2-core CI machine does not starve one test's timers with another's work.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
