// The scenarios start real worker processes and share two cores with the rest of CI: one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
