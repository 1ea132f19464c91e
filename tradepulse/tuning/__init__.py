"""Hyperparameter tuning with Optuna: the search space, a trial's objective, studies kept in the data folder
and the executors that run trials here or on a Dask cluster. Nothing here imports TensorFlow at import."""
