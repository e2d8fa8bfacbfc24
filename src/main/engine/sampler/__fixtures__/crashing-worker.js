// A sampler worker that dies at start, as the real one does when no backend can load.
throw new Error('no process reader works here');
