#!/usr/bin/env python3
"""The scikit-learn reference for the Ames accuracy goal (issue 13): an MLP of the same shape as the
example's network (one hidden layer of 64 ReLU units, Adam at 1e-3, minibatches of 64 = 2 workers x 32)
trained on exactly our features and split (the CSV that ExamplesCsv writes from the run's examples
Parquet), with early stopping on our validation split and the best epoch's weights kept, its L2 penalty
(alpha) chosen on the validation split from ALPHAS, so the reference is a tuned one. The target is the log
price standardised on the train split, as our label transform does. Prints key=value lines: test RMSE,
MAE and R2 in dollars, the alpha chosen, the epochs run and the best epoch.

    sklearn_reference.py EXAMPLES_CSV [HIDDEN] [SEED]      (HIDDEN: comma-separated widths, default 64)
"""
import copy
import sys

import numpy as np
import pandas as pd
from sklearn.neural_network import MLPRegressor

MAX_EPOCHS = 500
PATIENCE = 25
ALPHAS = (1e-4, 1e-2, 1e-1, 1.0, 3.0)


def main():
    examples = pd.read_csv(sys.argv[1])
    hidden = tuple(int(w) for w in (sys.argv[2] if len(sys.argv) > 2 else "64").split(","))
    seed = int(sys.argv[3]) if len(sys.argv) > 3 else 12345
    features = [c for c in examples.columns if c.startswith("f")]
    split = {name: examples[examples["split"] == name] for name in ("train", "validation", "test")}
    log_train = np.log(split["train"]["label"].to_numpy())
    mean, std = log_train.mean(), log_train.std()

    def encoded(frame):
        return (np.log(frame["label"].to_numpy()) - mean) / std

    def dollars(model, frame):
        return np.exp(model.predict(frame[features].to_numpy()) * std + mean)

    x_train, y_train = split["train"][features].to_numpy(), encoded(split["train"])
    x_validation, y_validation = split["validation"][features].to_numpy(), encoded(split["validation"])

    def fit(alpha):
        """The best epoch's model by validation loss, its loss, the epochs run and the best epoch."""
        model = MLPRegressor(hidden_layer_sizes=hidden, activation="relu", solver="adam", learning_rate_init=1e-3,
                             alpha=alpha, batch_size=64, shuffle=True, random_state=seed)
        best, best_loss, best_epoch, epoch = None, float("inf"), 0, 0
        for epoch in range(1, MAX_EPOCHS + 1):
            model.partial_fit(x_train, y_train)
            loss = float(np.mean((model.predict(x_validation) - y_validation) ** 2))
            if loss < best_loss:
                best, best_loss, best_epoch = copy.deepcopy(model), loss, epoch
            elif epoch - best_epoch >= PATIENCE:
                break
        return best, best_loss, epoch, best_epoch

    fits = {alpha: fit(alpha) for alpha in ALPHAS}
    alpha = min(fits, key=lambda a: fits[a][1])
    best, _, epoch, best_epoch = fits[alpha]
    truth = split["test"]["label"].to_numpy()
    predicted = dollars(best, split["test"])
    rmse = float(np.sqrt(np.mean((predicted - truth) ** 2)))
    mae = float(np.mean(np.abs(predicted - truth)))
    r2 = 1 - float(np.sum((predicted - truth) ** 2)) / float(np.sum((truth - truth.mean()) ** 2))
    print(f"sklearn_test_rmse={rmse:.1f}\nsklearn_test_mae={mae:.1f}\nsklearn_test_r2={r2:.4f}\n"
          f"sklearn_alpha={alpha}\nsklearn_epochs={epoch}\nsklearn_best_epoch={best_epoch}\nsklearn_rows_train={len(x_train)}\n"
          f"sklearn_rows_test={len(truth)}")


if __name__ == "__main__":
    main()
